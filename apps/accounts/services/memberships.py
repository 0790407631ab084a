"""A person's access to an agency: added, suspended, restored, removed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record
from apps.core.exceptions import AccessDenied
from apps.tenants.models import Membership

from ..access import is_platform_operator
from ..models import ApiToken, User
from .last_admin import ensure_agency_keeps_an_admin
from .people import _require_agency_admin


@transaction.atomic
def membership_set_active(*, actor, tenant, user: User, active: bool) -> Membership:
    """Suspend or restore a person's access to this agency (their account stays)."""
    if not is_platform_operator(actor):
        _require_agency_admin(actor)
    if user.pk == actor.pk and not active:
        raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    if not active:
        ensure_agency_keeps_an_admin(tenant_id=tenant.pk, losing_user_id=user.pk)
    membership = Membership.objects.select_for_update(of=("self",)).get(tenant=tenant, user=user)
    if membership.is_active != active:
        membership.is_active = active
        membership.save(update_fields=["is_active"])
        after = {"active": active}
        if not active:
            # A suspension ends the person's API tokens (they are not tied to one agency).
            after["api_tokens_revoked"] = ApiToken.objects.filter(user=user).delete()[0]
        audit_record(
            actor=actor,
            tenant=tenant,
            action=AuditAction.MEMBERSHIP_ACTIVATE if active else AuditAction.MEMBERSHIP_SUSPEND,
            instance=user,
            before={"active": not active},
            after=after,
        )
    return membership


def _require_operator(actor) -> None:
    if not is_platform_operator(actor):
        raise AccessDenied(_("Hanya operator platform yang dapat melakukan ini."))


@transaction.atomic
def membership_add(*, actor, tenant, user: User, active: bool = True) -> Membership:
    """Platform operators (Django admin): make a person a member of an agency."""
    _require_operator(actor)
    membership = Membership(tenant=tenant, user=user, is_active=active)
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        tenant=tenant,
        action=AuditAction.MEMBERSHIP_ADD,
        instance=user,
        after={"email": user.email, "active": active},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    """Platform operators (Django admin): remove a person from an agency; the agency keeps
    its last active Admin Instansi."""
    _require_operator(actor)
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("tenant", "user")
        .get(pk=membership.pk)
    )
    ensure_agency_keeps_an_admin(tenant_id=membership.tenant_id, losing_user_id=membership.user_id)
    audit_record(
        actor=actor,
        tenant=membership.tenant,
        action=AuditAction.MEMBERSHIP_REMOVE,
        instance=membership.user,
        before={"email": membership.user.email, "active": membership.is_active},
    )
    membership.delete()
