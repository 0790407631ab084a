"""Who is told of an assessment (apps.notifications, kind ``assessment``).

- opened: its lead; an assessor assigned: that assessor (the services call
  ``assessment_opened`` / ``assessor_assigned``: these are not workflow steps);
- finalised: its assessors (their answers are locked now); for the unit's own
  *penilaian mandiri* also the unit's head and team (Pimpinan Unit, Ketua Tim,
  Sekretaris). A TPU or TPI result is not the unit's to read until it is released, so
  the unit hears of it then;
- released: the unit's head and team.

Nobody is told of their own act. Each rule costs a constant number of queries.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.accounts.models import RoleAssignment
from apps.accounts.roles import Role
from apps.notifications.events import on_transition
from apps.notifications.kinds import Kind
from apps.notifications.services import Notice, notify

from .models import Assessment, Assignment, Level

# The unit's head and ZI team: who reads a released result and acts on it.
UNIT_TEAM = (Role.PIMPINAN_UNIT, Role.KETUA_TIM, Role.SEKRETARIS)


def unit_team(unit_id: int) -> set[int]:
    return set(
        RoleAssignment.objects.filter(unit_id=unit_id, role__in=UNIT_TEAM).values_list(
            "user_id", flat=True
        )
    )


def _assessors(assessment: Assessment) -> set[int]:
    return set(
        Assignment.objects.filter(assessment=assessment).values_list("user_id", flat=True)
    ) | {assessment.lead_id}


def _what(assessment: Assessment) -> dict:
    return {"level": Level(assessment.level).label, "unit": assessment.unit.name}


def _notice(assessment: Assessment, title: str, url_name: str = "assessment:detail") -> Notice:
    return Notice.about(
        assessment,
        kind=Kind.ASSESSMENT,
        title=title,
        url=reverse(url_name, args=[assessment.pk]),
    )


def assessment_opened(assessment: Assessment, *, actor) -> None:
    notify(
        [assessment.lead_id],
        _notice(
            assessment,
            _("Anda ditunjuk sebagai ketua %(level)s %(unit)s") % _what(assessment),
        ),
        exclude=actor,
    )


def assessor_assigned(assignment: Assignment, *, actor) -> None:
    assessment = assignment.assessment
    what = _what(assessment)
    if assignment.area:
        title = _("Anda ditugaskan menilai area %(area)s pada %(level)s %(unit)s") % {
            **what,
            "area": assignment.area,
        }
    else:
        title = _("Anda ditugaskan menilai %(level)s %(unit)s") % what
    notify([assignment.user_id], _notice(assessment, title), exclude=actor)


@on_transition(Assessment, "finalise")
def assessment_finalised(assessment: Assessment, *, actor, **step) -> None:
    people = _assessors(assessment)
    if assessment.level == Level.MANDIRI:
        people |= unit_team(assessment.unit_id)
    notify(
        people,
        _notice(
            assessment,
            _("%(level)s %(unit)s telah difinalkan; jawabannya dikunci") % _what(assessment),
            "assessment:result",
        ),
        exclude=actor,
    )


@on_transition(Assessment, "release")
def assessment_released(assessment: Assessment, *, actor, **step) -> None:
    notify(
        unit_team(assessment.unit_id),
        _notice(
            assessment,
            _("Hasil %(level)s %(unit)s telah dirilis ke unit") % _what(assessment),
            "assessment:result",
        ),
        exclude=actor,
    )
