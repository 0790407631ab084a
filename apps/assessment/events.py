"""The assessment's reactions to other steps (``apps.notifications.events.on_transition``,
run in the step's transaction): a closed IPAK/IPKP survey supplies HBA/HPA of the unit's
assessments not final; a reopened assessment takes the values of the surveys closed
while it was final (``apps.assessment.survey_values``)."""

from apps.notifications.events import on_transition
from apps.surveys.models import Survey

from .models import Assessment
from .services.survey_values import survey_closed, survey_values_apply


@on_transition(Survey, "close")
def survey_values_on_close(survey: Survey, *, actor, **step) -> None:
    survey_closed(survey, actor=actor)


@on_transition(Assessment, "reopen")
def survey_values_on_reopen(assessment: Assessment, *, actor, **step) -> None:
    survey_values_apply(actor=actor, assessment=assessment)
