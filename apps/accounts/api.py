"""/api/v1/me/, /api/v1/auth/token/, /api/v1/users/ and /api/v1/role-assignments/.

Thin views: they parse, check that the user acts as Admin Instansi in the active agency,
look objects up through the tenant-scoped selectors (404 for missing and other agency
alike) and call the services in ``services.py``.
"""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

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
from apps.core.text import limited_text
from apps.tenants.models import Membership
from apps.tenants.selectors import tenants_of
from apps.units.api import VisibleUnitField

from . import services
from .access import administered_units, is_tenant_admin
from .invitations import invitation_cancel, invitation_create, invitations_of_tenant
from .lockout import lockout_message
from .models import ApiToken, Invitation, RoleAssignment, User
from .roles import Role
from .selectors import get_member_or_404, people_of_tenant
from .throttles import invitation_allowed, invitation_limit_message
from .twofactor.api import token_otp_check

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


# --- Me -------------------------------------------------------------------------------


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

    def get_tenant(self, obj) -> str | None:
        tenant = self.context["request"].tenant
        return tenant.code if tenant else None

    def get_tenants(self, obj) -> list[str]:
        return [t.code for t in tenants_of(obj)]

    @extend_schema_field(RoleSummarySerializer(many=True))
    def get_roles(self, obj):
        if not self.context["request"].tenant:
            return []
        qs = RoleAssignment.objects.filter(user=obj).select_related("unit").order_by("unit__path")
        return RoleSummarySerializer(qs, many=True).data


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class MeView(APIView):
    """The authenticated user, the active agency (``X-Tenant`` header selects another) and
    their roles there."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user, context={"request": request}).data)


# --- Token ----------------------------------------------------------------------------


class TokenInput(InputSerializer):
    email = serializers.EmailField()
    password = text_field(trim_whitespace=False, style={"input_type": "password"})
    name = text_field(
        required=False,
        max_length=100,
        help_text=_('Nama token, mis. nama skrip (bawaan: "API").'),
    )
    otp = text_field(
        required=False,
        allow_blank=True,
        help_text=_(
            "Kode verifikasi dua langkah (6 angka atau kode pemulihan); wajib untuk akun "
            "yang memakai verifikasi dua langkah."
        ),
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Kunci token; hanya ditampilkan sekali ini."))
    id = serializers.IntegerField()
    name = serializers.CharField()
    expires_at = serializers.DateTimeField()


class ApiTokenSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField(
        help_text=_("true: token yang dipakai permintaan ini.")
    )

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "last_used_at", "current"]
        read_only_fields = fields

    def get_current(self, obj) -> bool:
        auth = self.context["request"].auth
        return isinstance(auth, ApiToken) and auth.pk == obj.pk


class TokenObtainView(APIView):
    """Exchange e-mail and password for a new named API token (header
    ``Authorization: Token <key>``). It expires after ``API_TOKEN_TTL_DAYS`` days, ends
    when the password changes or the person is suspended, and is listed under
    ``/api/v1/auth/tokens/``. Failed attempts count towards the login lockout (429).

    The token identifies the person; the agency is chosen per request with ``X-Tenant``.
    """

    authentication_classes = ()  # no session, so no CSRF check on a login form of its own
    permission_classes = ()

    # 400: wrong e-mail/password or 2FA code; 429: locked out (django-axes). Both with the
    # one error body, declared by apps.core.schema.
    error_statuses = (429,)

    @extend_schema(request=TokenInput, responses={200: TokenSerializer}, auth=[])
    def post(self, request, *args, **kwargs):
        data = parse(TokenInput, request)
        # The plain Django request: django-axes marks a locked-out attempt on it.
        django_request = request._request
        user = authenticate(django_request, username=data["email"], password=data["password"])
        if user is None:
            if getattr(django_request, "axes_locked_out", False):
                raise TooManyRequests(lockout_message(), code="locked_out")
            raise ValidationError(
                {"non_field_errors": [_("E-mail atau kata sandi salah.")]}, code="authorization"
            )
        token_otp_check(user=user, code=data.get("otp", ""))
        token, key = services.api_token_create(user=user, name=data.get("name") or "API")
        return Response(
            TokenSerializer(
                {"token": key, "id": token.pk, "name": token.name, "expires_at": token.expires_at}
            ).data
        )


class ApiTokenViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The requesting person's own API tokens (any agency); revoke one with DELETE."""

    serializer_class = ApiTokenSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return ApiToken.objects.valid().filter(user=self.request.user)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        token = get_or_404(self.get_queryset(), pk=pk)
        services.api_token_revoke(actor=request.user, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Users ----------------------------------------------------------------------------


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


# --- Role assignments -----------------------------------------------------------------


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
