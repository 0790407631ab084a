"""The guard every loss of an Admin Instansi passes: an agency keeps one active admin at
its root unit (issue 10)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from apps.core.capabilities import Capability
from apps.tenants.models import Membership

from ..models import RoleAssignment
from ..policy import roles_of

LAST_ADMIN_MESSAGE = gettext_lazy(
    "Instansi harus tetap memiliki sedikitnya satu Admin Instansi aktif di tingkat instansi; "
    "tetapkan dulu orang lain sebagai Admin Instansi, baru cabut atau tangguhkan yang ini."
)


def last_agency_admin_problem(
    *, tenant_id: int, losing_user_id: int | None = None, losing_assignment_id: int | None = None
) -> str | None:
    """Why the change would leave the agency without an active Admin Instansi at its root
    unit, or None. ``losing_user_id``: the person loses every role or their access here
    (suspension, deactivation, deletion); ``losing_assignment_id``: one assignment goes
    (revoke, move, delete).

    Locks the agency's root admin assignments first (call inside a transaction): two
    admins revoking or suspending each other at the same moment run one after the other,
    and the second one sees the first one's result (READ COMMITTED re-reads per statement).
    """
    with scopes_disabled():
        rows = list(
            RoleAssignment.objects.select_for_update(of=("self",))
            .filter(
                tenant_id=tenant_id,
                role__in=sorted(roles_of(Capability.AGENCY_ADMIN)),
                unit__depth=1,
            )
            .order_by("pk")
            .values_list("pk", "user_id")
        )
        if not any(pk == losing_assignment_id or uid == losing_user_id for pk, uid in rows):
            return None  # the change does not touch an agency admin
        remaining = {
            uid for pk, uid in rows if pk != losing_assignment_id and uid != losing_user_id
        }
        still_active = Membership.objects.filter(
            tenant_id=tenant_id, user_id__in=remaining, is_active=True, user__is_active=True
        ).exists()
    return None if still_active else str(LAST_ADMIN_MESSAGE)


def ensure_agency_keeps_an_admin(**kwargs) -> None:
    problem = last_agency_admin_problem(**kwargs)
    if problem:
        raise ValidationError(problem)


def ensure_user_leaves_no_agency_without_admin(user) -> None:
    """A person deactivated or deleted platform-wide: every agency they administer keeps
    another active Admin Instansi."""
    with scopes_disabled():
        tenant_ids = sorted(
            set(
                RoleAssignment.objects.filter(
                    user=user, role__in=sorted(roles_of(Capability.AGENCY_ADMIN)), unit__depth=1
                ).values_list("tenant_id", flat=True)
            )
        )
    for tenant_id in tenant_ids:
        ensure_agency_keeps_an_admin(tenant_id=tenant_id, losing_user_id=user.pk)
