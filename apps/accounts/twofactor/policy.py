"""Who must use a second factor, and where a person stands: read-only, one query each.

Required for platform operators (``is_staff`` or ``is_superuser``), for holders of the
roles in ``settings.TWO_FACTOR_REQUIRED_ROLES`` in any agency, and for every active member
of an agency that requires it of everyone (``Tenant.two_factor_required``). A person is
one login across agencies, so one agency's rule applies to the whole account.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from apps.accounts.models import RoleAssignment, User
from apps.tenants.models import Membership


@dataclass(frozen=True)
class TwoFactorState:
    enrolled: bool  # has a confirmed TOTP device
    required: bool
    required_by_roles: bool
    required_by_operator: bool
    required_by_tenant: bool


def _annotated(users):
    with scopes_disabled():
        roles = RoleAssignment.objects.filter(
            user=OuterRef("pk"), role__in=list(settings.TWO_FACTOR_REQUIRED_ROLES)
        )
        tenant_rule = Membership.objects.filter(
            user=OuterRef("pk"), is_active=True, tenant__two_factor_required=True
        )
    return users.annotate(
        otp_enrolled=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        otp_by_roles=Exists(roles),
        otp_by_tenant=Exists(tenant_rule),
    )


def two_factor_state(user) -> TwoFactorState:
    row = (
        _annotated(User.objects.filter(pk=user.pk))
        .values("otp_enrolled", "otp_by_roles", "otp_by_tenant")
        .first()
    )
    if row is None:
        return TwoFactorState(False, False, False, False, False)
    operator = bool(user.is_staff or user.is_superuser)
    return TwoFactorState(
        enrolled=row["otp_enrolled"],
        required=row["otp_by_roles"] or row["otp_by_tenant"] or operator,
        required_by_roles=row["otp_by_roles"],
        required_by_operator=operator,
        required_by_tenant=row["otp_by_tenant"],
    )


def totp_device_of(user, *, confirmed: bool | None = True) -> TOTPDevice | None:
    devices = TOTPDevice.objects.filter(user=user)
    if confirmed is not None:
        devices = devices.filter(confirmed=confirmed)
    return devices.order_by("-pk").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
