from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.tenants.selectors import tenants_of

from .models import RoleAssignment, User


class RoleSummarySerializer(serializers.ModelSerializer):
    unit_code = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")

    class Meta:
        model = RoleAssignment
        fields = ["id", "role", "area", "unit", "unit_code", "unit_name"]


class MeSerializer(serializers.ModelSerializer):
    tenant = serializers.SerializerMethodField()
    tenants = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "nip", "phone", "tenant", "tenants", "roles"]

    def get_tenant(self, obj):
        tenant = self.context["request"].tenant
        return tenant.code if tenant else None

    def get_tenants(self, obj) -> list[str]:
        return [t.code for t in tenants_of(obj)]

    def get_roles(self, obj):
        if not self.context["request"].tenant:
            return []
        qs = RoleAssignment.objects.filter(user=obj).select_related("unit").order_by("unit__path")
        return RoleSummarySerializer(qs, many=True).data


class MeView(APIView):
    """The authenticated user, the active agency (``X-Tenant`` header selects another) and
    their roles there."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user, context={"request": request}).data)
