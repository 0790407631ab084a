"""Who may read, lead, assess and answer an assessment – decided in SQL.

Conflict of interest (DOMAIN.md §3): an assessor of the TPU or the TPI must never hold
a role in the unit they assess (nor in a unit below it). The unit's own people do the
*penilaian mandiri* instead.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.core.access import Capability, can, conflict_message, holds, reaches, roles_of
from apps.tenants.models import Membership
from apps.units.models import Unit

from .models import Assessment, Assignment, Level

# The capability an assessor of each level needs over the unit (the table's rows name the
# roles, the reach and the conflict of interest).
ANSWER_CAPABILITY = {
    Level.MANDIRI: Capability.ASSESSMENT_ANSWER_MANDIRI,
    Level.TPU: Capability.ASSESSMENT_ANSWER_TPU,
    Level.TPI: Capability.ASSESSMENT_ANSWER_TPI,
}

__all__ = [
    "ANSWER_CAPABILITY",
    "answerable_areas",
    "assessments_readable_by",
    "assessor_problem",
    "can_manage",
    "can_read",
    "conflict_message",
    "eligible_people",
    "lead_problem",
]


def assessor_problem(user, unit: Unit, level: str) -> str | None:
    """Why ``user`` cannot assess ``unit`` at ``level`` (as lead or assessor), or None."""
    if not (
        user.is_active
        and Membership.objects.filter(tenant_id=unit.tenant_id, user=user, is_active=True).exists()
    ):
        return _("Akses %(name)s ke instansi ini sedang ditangguhkan.") % {"name": user.full_name}
    if level == Level.MANDIRI:
        if not can(user, Capability.ASSESSMENT_ANSWER_MANDIRI, unit):
            return _(
                "%(name)s tidak memegang peran di %(unit)s: penilaian mandiri dikerjakan oleh "
                "tim unit itu sendiri."
            ) % {"name": user.full_name, "unit": unit.name}
        return None
    capability = ANSWER_CAPABILITY[level]
    if not holds(user, capability, unit):
        return _("%(name)s tidak memegang peran %(role)s untuk %(unit)s.") % {
            "name": user.full_name,
            "role": " / ".join(str(Role(role).label) for role in sorted(roles_of(capability))),
            "unit": unit.name,
        }
    return conflict_message(user, unit)


def lead_problem(user, unit: Unit, level: str) -> str | None:
    if level == Level.MANDIRI and not can(user, Capability.ASSESSMENT_LEAD_MANDIRI, unit):
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
    capability = ANSWER_CAPABILITY[level]
    if level == Level.MANDIRI and lead:
        capability = Capability.ASSESSMENT_LEAD_MANDIRI
    return people.filter(reaches(user, capability, unit.path)).order_by("full_name")


def assessments_readable_by(user) -> QuerySet[Assessment]:
    """Assessments ``user`` may read: their own (lead or assigned); every level under
    leadership and admins; the unit's people and everyone who sees the unit read the
    self-assessment and released results only."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    leader = reaches(user, Capability.ASSESSMENT_READ_ALL)
    # Roles only: a guardian grant to see the unit does not open its assessments.
    sees_unit = reaches(user, Capability.UNIT_VIEW)
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
    if can(user, Capability.ASSESSMENT_READ_ALL, assessment.unit):
        return True
    if assessment.level == Level.MANDIRI or assessment.released_at is not None:
        return holds(user, Capability.UNIT_VIEW, assessment.unit)
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
        assessment.lead_id == user.pk or can(user, Capability.ASSESSMENT_MANAGE, assessment.unit)
    )
