"""/api/v1/me/ and the person's own API tokens (/api/v1/auth/token/, /api/v1/auth/tokens/)."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import (
    TENANT_HEADER_PARAMETER,
    InputSerializer,
    TooManyRequests,
    get_or_404,
    parse,
    text_field,
)
from apps.tenants.selectors import tenants_of

from .. import services
from ..lockout import lockout_message
from ..models import ApiToken, RoleAssignment, User
from ..twofactor.api import token_otp_check


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
