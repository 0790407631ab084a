"""Who may read, lead, assess and answer an assessment – decided in SQL.

Conflict of interest (DOMAIN.md §3): an assessor of the TPU or the TPI must never hold
a role in the unit they assess (nor in a unit below it). The unit's own people do the
*penilaian mandiri* instead.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.utils.translation import gettext as _

from apps.accounts.access import assignments_reaching, can_admin_unit, has_role_over
from apps.accounts.models import RoleAssignment, User
from apps.accounts.roles import Role
from apps.tenants.models import Membership
from apps.units.models import Unit

from .models import Assessment, Assignment, Level

# The role an assessor of each external level must hold over the unit.
ASSESSOR_ROLE = {Level.TPU: Role.PENILAI_TPU, Level.TPI: Role.PENILAI_TPI}
# Who may lead the unit's own assessment (roles held in the unit itself).
MANDIRI_LEAD_ROLES = frozenset({Role.PIMPINAN_UNIT, Role.KETUA_TIM})
# Leadership and admins read every level over their subtree, released or not.
LEADERSHIP_ROLES = frozenset({Role.ADMIN_INSTANSI, Role.PIMPINAN})


def conflicting_roles(user, unit: Unit) -> QuerySet[RoleAssignment]:
    """``user``'s roles in ``unit`` or in a unit below it."""
    return RoleAssignment.objects.filter(
        tenant_id=unit.tenant_id, user=user, unit__path__startswith=unit.path
    ).select_related("unit")


def conflict_message(user, unit: Unit) -> str | None:
    """Why ``user`` may not assess ``unit`` (conflict of interest), or None."""
    role = conflicting_roles(user, unit).order_by("unit__depth", "role").first()
    if role is None:
        return None
    label = role.get_role_display() + (f" ({role.area})" if role.area else "")
    return _(
        "%(name)s memegang peran %(role)s di %(unit)s: penilai tidak boleh menilai unit "
        "tempatnya bertugas (benturan kepentingan)."
    ) % {"name": user.full_name, "role": label, "unit": role.unit.name}


def assessor_problem(user, unit: Unit, level: str) -> str | None:
    """Why ``user`` cannot assess ``unit`` at ``level`` (as lead or assessor), or None."""
    if not (
        user.is_active
        and Membership.objects.filter(tenant_id=unit.tenant_id, user=user, is_active=True).exists()
    ):
        return _("Akses %(name)s ke instansi ini sedang ditangguhkan.") % {"name": user.full_name}
    if level == Level.MANDIRI:
        if not RoleAssignment.objects.filter(
            tenant_id=unit.tenant_id, user=user, unit=unit
        ).exists():
            return _(
                "%(name)s tidak memegang peran di %(unit)s: penilaian mandiri dikerjakan oleh "
                "tim unit itu sendiri."
            ) % {"name": user.full_name, "unit": unit.name}
        return None
    role = ASSESSOR_ROLE[level]
    if not has_role_over(user, unit, [role]):
        return _("%(name)s tidak memegang peran %(role)s untuk %(unit)s.") % {
            "name": user.full_name,
            "role": Role(role).label,
            "unit": unit.name,
        }
    return conflict_message(user, unit)


def lead_problem(user, unit: Unit, level: str) -> str | None:
    if (
        level == Level.MANDIRI
        and not RoleAssignment.objects.filter(
            tenant_id=unit.tenant_id, user=user, unit=unit, role__in=sorted(MANDIRI_LEAD_ROLES)
        ).exists()
    ):
        return _("Ketua penilaian mandiri harus Pimpinan Unit atau Ketua Tim Kerja %(unit)s.") % {
            "unit": unit.name
        }
    return assessor_problem(user, unit, level)


def eligible_people(unit: Unit, level: str, *, lead: bool = False) -> QuerySet[User]:
    """Who may lead (``lead``) or assess ``unit`` at ``level``, in one query – the same
    rules as ``lead_problem``/``assessor_problem``, for the pickers: the unit's own team
    for the self-assessment (its head or Ketua Tim to lead), else a holder of the level's
    assessor role reaching the unit from above, with no role in the unit or below it."""
    user = OuterRef("pk")
    # A suspended member cannot log in to this agency: never offered.
    member = Membership.objects.filter(tenant_id=unit.tenant_id, user=user, is_active=True)
    people = User.objects.filter(Exists(member), is_active=True)
    if level == Level.MANDIRI:
        in_unit = RoleAssignment.objects.filter(tenant_id=unit.tenant_id, unit=unit, user=user)
        if lead:
            in_unit = in_unit.filter(role__in=sorted(MANDIRI_LEAD_ROLES))
        return people.filter(Exists(in_unit)).order_by("full_name")
    holds_role = assignments_reaching(user, Value(unit.path), [ASSESSOR_ROLE[level]]).filter(
        tenant_id=unit.tenant_id
    )
    conflicted = RoleAssignment.objects.filter(
        tenant_id=unit.tenant_id, user=user, unit__path__startswith=unit.path
    )
    return people.filter(Exists(holds_role), ~Exists(conflicted)).order_by("full_name")


def assessments_readable_by(user) -> QuerySet[Assessment]:
    """Assessments ``user`` may read: their own (lead or assigned); every level under
    leadership and admins; the unit's people and everyone who sees the unit read the
    self-assessment and released results only."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    unit_path = OuterRef("unit__path")
    leader = Exists(assignments_reaching(user, unit_path, LEADERSHIP_ROLES))
    sees_unit = Exists(assignments_reaching(user, unit_path))
    assigned = Exists(Assignment.objects.filter(assessment=OuterRef("pk"), user=user))
    return Assessment.objects.filter(
        Q(lead=user)
        | assigned
        | leader
        | (sees_unit & (Q(level=Level.MANDIRI) | Q(released_at__isnull=False)))
    )


def can_read(user, assessment: Assessment) -> bool:
    """``assessments_readable_by`` for one assessment, cheapest test first: the lead and
    the assigned assessors (the autosave path) need at most one small query."""
    if not user.is_authenticated:
        return False
    if assessment.lead_id == user.pk:
        return True
    if Assignment.objects.filter(assessment=assessment, user=user).exists():
        return True
    path = Value(assessment.unit.path)
    if assignments_reaching(user, path, LEADERSHIP_ROLES).exists():
        return True
    if assessment.level == Level.MANDIRI or assessment.released_at is not None:
        return assignments_reaching(user, path).exists()
    return False


def answerable_areas(user, assessment: Assessment) -> set[str] | None:
    """Areas ``user`` may answer in: None for every area (the lead, an assessor of the
    whole LKE), a set of area codes, or an empty set (nothing)."""
    if not user.is_authenticated:
        return set()
    if assessment.lead_id == user.pk:
        return None
    areas = set(
        Assignment.objects.filter(assessment=assessment, user=user).values_list("area", flat=True)
    )
    if "" in areas:
        return None
    return areas


def can_manage(user, assessment: Assessment) -> bool:
    """The lead and the unit's admins assign assessors and release results."""
    return user.is_authenticated and (
        assessment.lead_id == user.pk or can_admin_unit(user, assessment.unit)
    )
