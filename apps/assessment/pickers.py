"""The people pickers of the assessment (apps.core.pickers): the lead of a level being
opened and the assessors of an assessment. Both offer only eligible people
(``access.eligible_people``: the conflict-of-interest rule in SQL), on the page and in the
search endpoints (``assessment:pick_lead``, ``assessment:pick_assessor``) alike."""

from django.utils.translation import gettext_lazy as _

from apps.core.pickers import PickerSource

from . import services
from .access import eligible_people
from .models import Assessment, Level

PLACEHOLDER = _("Ketik nama, e-mail atau NIP")


def person_label(user) -> str:
    return f"{user.full_name} ({user.email})"


def people_source(users, *, group="") -> PickerSource:
    return PickerSource(
        queryset=users, search=("full_name", "email"), nip="nip", label=person_label, group=group
    )


def openable_levels(cycle, opened: set[str]) -> tuple[list[str], list[str]]:
    """The levels the cycle's stage lets an admin open now, and why each other missing
    level must wait."""
    openable, waiting = [], []
    for level in Level.values:
        if level in opened:
            continue
        problem = services.level_stage_problem(cycle, level)
        if problem:
            waiting.append(problem)
        else:
            openable.append(level)
    return openable, waiting


def lead_sources(unit, levels) -> list[PickerSource]:
    """Who may lead each of ``levels``, one group per level."""
    return [
        people_source(eligible_people(unit, level, lead=True), group=Level(level).label)
        for level in levels
    ]


def assessor_sources(assessment: Assessment) -> list[PickerSource]:
    return [people_source(eligible_people(assessment.unit, assessment.level))]
