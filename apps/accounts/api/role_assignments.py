"""/api/v1/role-assignments/: roles in the units the Admin Instansi administers."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from apps.core.api import TENANT_HEADER_PARAMETER, HasTenant, InputSerializer, get_or_404, parse
from apps.core.choices import Area
from apps.core.text import limited_text
from apps.units.api import VisibleUnitField

from .. import services
from ..access import administered_units
from ..models import RoleAssignment
from ..roles import Role
from .people import IsTenantAdmin, MemberField


class RoleAssignmentSerializer(serializers.ModelSerializer):
    user_email = serializers.EmailField(source="user.email", read_only=True)
    user_name = serializers.CharField(source="user.full_name", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = [
            "id",
            "user",
            "user_email",
            "user_name",
            "unit",
            "unit_code",
            "unit_name",
            "role",
            "role_label",
            "area",
            "created_at",
            "created_by",
        ]
        read_only_fields = fields


ROLE_ERRORS = {"invalid_choice": _("Peran tidak dikenal.")}
AREA_ERRORS = {"invalid_choice": _("Area tidak dikenal.")}


class RoleAssignmentListQuery(InputSerializer):
    user = MemberField(required=False)
    unit = VisibleUnitField(required=False)
    role = serializers.ChoiceField(choices=Role.choices, required=False, error_messages=ROLE_ERRORS)


class RoleAssignmentCreateInput(InputSerializer):
    user = MemberField()
    unit = VisibleUnitField()
    role = serializers.ChoiceField(choices=Role.choices, error_messages=ROLE_ERRORS)
    area = serializers.ChoiceField(
        choices=Area.choices,
        required=False,
        allow_blank=True,
        error_messages=AREA_ERRORS,
        help_text=_("Wajib untuk Ketua Pokja, Anggota Pokja dan Penilai TPU."),
    )


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class RoleAssignmentViewSet(viewsets.GenericViewSet):
    """Roles held in the units the requesting Admin Instansi administers."""

    permission_classes = [HasTenant, IsTenantAdmin]
    serializer_class = RoleAssignmentSerializer
    queryset = RoleAssignment.objects.none()  # for the schema only

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RoleAssignment.objects.none()
        administered = administered_units(self.request.user).values("pk")
        return (
            RoleAssignment.objects.filter(unit__in=administered)
            .select_related("user", "unit")
            .order_by("unit__path", "role", "area", "user__full_name")
        )

    def _assignment(self, pk) -> RoleAssignment:
        return get_or_404(self.get_queryset(), pk=pk)

    @extend_schema(
        parameters=[RoleAssignmentListQuery], responses=RoleAssignmentSerializer(many=True)
    )
    def list(self, request):
        query = parse(RoleAssignmentListQuery, request, data=request.query_params)
        assignments = self.get_queryset()
        for field in ("user", "unit", "role"):
            if field in query:
                assignments = assignments.filter(**{field: query[field]})
        page = self.paginate_queryset(assignments)
        return self.get_paginated_response(RoleAssignmentSerializer(page, many=True).data)

    @extend_schema(responses=RoleAssignmentSerializer)
    def retrieve(self, request, pk=None):
        return Response(RoleAssignmentSerializer(self._assignment(pk)).data)

    @extend_schema(request=RoleAssignmentCreateInput, responses={201: RoleAssignmentSerializer})
    def create(self, request):
        data = parse(RoleAssignmentCreateInput, request)
        assignment = services.role_assign(actor=request.user, tenant=request.tenant, **data)
        return Response(
            RoleAssignmentSerializer(self._assignment(assignment.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("reason", str, description=_("Alasan pencabutan (jejak audit)."))
        ],
        responses={204: None},
    )
    def destroy(self, request, pk=None):
        assignment = self._assignment(pk)
        services.role_revoke(
            actor=request.user,
            assignment=assignment,
            reason=limited_text(request.query_params.get("reason", ""), 500, field="reason"),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
