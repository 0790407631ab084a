"""/api/v1/users/ and /api/v1/invitations/: the Admin Instansi manages the agency's people."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from apps.core.api import (
    TENANT_HEADER_PARAMETER,
    HasTenant,
    InputSerializer,
    TooManyRequests,
    get_or_404,
    parse,
    text_field,
)
from apps.core.choices import Area
from apps.tenants.models import Membership
from apps.units.api import VisibleUnitField

from .. import services
from ..access import is_tenant_admin
from ..invitations import invitation_cancel, invitation_create, invitations_of_tenant
from ..models import Invitation, User
from ..roles import Role
from ..selectors import get_member_or_404, people_of_tenant
from ..throttles import invitation_allowed, invitation_limit_message

SEARCH_MAX_LENGTH = 100


class IsTenantAdmin(BasePermission):
    """Holds Admin Instansi somewhere in the active agency. Listed after HasTenant."""

    message = _("Hanya Admin Instansi yang dapat mengelola pengguna dan peran.")

    def has_permission(self, request, view):
        return is_tenant_admin(request.user)


@extend_schema_field(OpenApiTypes.INT)
class MemberField(serializers.PrimaryKeyRelatedField):
    """A user id of a member (active or suspended) of the active agency."""

    default_error_messages = {
        "does_not_exist": _("Pengguna tidak ditemukan di instansi ini."),
        "incorrect_type": _("Id pengguna harus berupa angka."),
    }

    def get_queryset(self):
        # Same rule as selectors.get_member_or_404; built per request (scoped manager).
        return User.objects.filter(pk__in=Membership.objects.values("user_id"))


class MemberSerializer(serializers.ModelSerializer):
    membership_active = serializers.SerializerMethodField(
        help_text=_("false: akses ke instansi ini ditangguhkan.")
    )
    role_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "full_name",
            "nip",
            "phone",
            "is_active",
            "membership_active",
            "role_count",
            "date_joined",
            "last_login",
        ]
        read_only_fields = fields

    def get_membership_active(self, obj) -> bool:
        # people_of_tenant() prefetches the (one) membership of the active agency.
        return any(m.is_active for m in obj.tenant_memberships)


class UserListQuery(InputSerializer):
    q = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Cari pada nama, e-mail atau awal NIP.")
    )


class UserCreateInput(InputSerializer):
    email = serializers.EmailField()
    full_name = text_field(help_text=_("Dipakai hanya bila e-mail itu belum punya akun."))
    nip = text_field(
        required=False, allow_blank=True, help_text=_("18 angka; kosong untuk non-ASN.")
    )
    phone = text_field(required=False, allow_blank=True)
    unit = VisibleUnitField(
        required=False, allow_null=True, help_text=_("Unit peran yang diberikan saat diterima.")
    )
    role = serializers.ChoiceField(
        choices=Role.choices,
        required=False,
        error_messages={"invalid_choice": _("Peran tidak dikenal.")},
    )
    area = serializers.ChoiceField(
        choices=Area.choices,
        required=False,
        error_messages={"invalid_choice": _("Area tidak dikenal.")},
    )


class InvitationSerializer(serializers.ModelSerializer):
    """An invitation as the inviting agency sees it: only what its admin typed."""

    unit_code = serializers.CharField(source="unit.code", read_only=True, allow_null=True)
    expired = serializers.BooleanField(source="is_expired", read_only=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "email",
            "full_name",
            "unit",
            "unit_code",
            "role",
            "area",
            "status",
            "expired",
            "created_at",
            "expires_at",
        ]
        read_only_fields = fields


class UserUpdateInput(InputSerializer):
    full_name = text_field(required=False)
    nip = text_field(required=False, allow_blank=True)
    phone = text_field(required=False, allow_blank=True)


def _member_response(pk, status_code=status.HTTP_200_OK) -> Response:
    user = get_or_404(people_of_tenant(), pk=pk)
    return Response(MemberSerializer(user).data, status=status_code)


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class UserViewSet(viewsets.GenericViewSet):
    """Members of the active agency (Admin Instansi only)."""

    permission_classes = [HasTenant, IsTenantAdmin]
    serializer_class = MemberSerializer
    queryset = User.objects.none()  # for the schema only; actions use the selectors
    error_statuses = {"create": (429,)}  # invitations per admin and hour (throttles.py)

    @extend_schema(parameters=[UserListQuery], responses=MemberSerializer(many=True))
    def list(self, request):
        query = parse(UserListQuery, request, data=request.query_params)
        people = people_of_tenant(search=query.get("q", "")[:SEARCH_MAX_LENGTH])
        page = self.paginate_queryset(people)
        return self.get_paginated_response(MemberSerializer(page, many=True).data)

    @extend_schema(responses=MemberSerializer)
    def retrieve(self, request, pk=None):
        return _member_response(get_member_or_404(pk).pk)

    @extend_schema(
        request=UserCreateInput,
        responses={
            202: OpenApiResponse(
                InvitationSerializer,
                _(
                    "Undangan dikirim. Jawaban yang sama untuk e-mail baru maupun yang sudah "
                    "punya akun; orang itu menjadi anggota setelah menerima undangan."
                ),
            ),
        },
    )
    def create(self, request):
        """Invite a person (the membership starts when they accept)."""
        data = parse(UserCreateInput, request)
        if not invitation_allowed(request.user):
            raise TooManyRequests(invitation_limit_message())
        invitation = invitation_create(actor=request.user, tenant=request.tenant, **data)
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=UserUpdateInput, responses=MemberSerializer)
    def partial_update(self, request, pk=None):
        user = get_member_or_404(pk)
        changes = parse(UserUpdateInput, request, partial=True)
        services.user_update(actor=request.user, tenant=request.tenant, user=user, **changes)
        return _member_response(user.pk)

    def _set_active(self, request, pk, active: bool) -> Response:
        user = get_member_or_404(pk)
        services.membership_set_active(
            actor=request.user, tenant=request.tenant, user=user, active=active
        )
        return _member_response(user.pk)

    @extend_schema(request=None, responses=MemberSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        """Suspend the person's access to this agency (their account stays)."""
        return self._set_active(request, pk, active=False)

    @extend_schema(request=None, responses=MemberSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        """Restore a suspended person's access to this agency."""
        return self._set_active(request, pk, active=True)


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class InvitationViewSet(viewsets.GenericViewSet):
    """Invitations sent by the active agency (Admin Instansi only)."""

    permission_classes = [HasTenant, IsTenantAdmin]
    serializer_class = InvitationSerializer
    queryset = Invitation.objects.none()  # for the schema only

    def _invitation(self, pk) -> Invitation:
        return get_or_404(invitations_of_tenant(), pk=pk)

    @extend_schema(responses=InvitationSerializer(many=True))
    def list(self, request):
        page = self.paginate_queryset(invitations_of_tenant())
        return self.get_paginated_response(InvitationSerializer(page, many=True).data)

    @extend_schema(responses=InvitationSerializer)
    def retrieve(self, request, pk=None):
        return Response(InvitationSerializer(self._invitation(pk)).data)

    @extend_schema(request=None, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Withdraw a pending invitation."""
        invitation = invitation_cancel(
            actor=request.user, tenant=request.tenant, invitation=self._invitation(pk)
        )
        return Response(InvitationSerializer(invitation).data)
