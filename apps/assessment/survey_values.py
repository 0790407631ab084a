"""The LKE's Hasil from the portal's own IPAK/IPKP surveys (issue 16 part 6).

A closed IPAK survey of the unit and the cycle's year supplies the answer of HBA (LKE
2014: HB1), a closed IPKP survey the answer of HPA (HP1): the survey's value on the LKE's
0–4 scale (``apps.surveys.selectors.SurveyResult.lke_value``, by the survey's written
rule), rounded half-up to the template's decimal places – the figure the survey's report
shows and an assessor would type. The engine then gives the points as for any Nilai (0–4)
answer (value/4 × 17.5 in LKE 2021).

Which survey of a year: ``apps.surveys.lke.lke_sources`` (the one whose period ends last,
then the one closed last). When it is written: the survey closes (``on_survey_closed``,
a workflow observer: the surveys app cannot import the assessment), an assessment is
opened or reopened (``services.survey_values_apply``). Only assessments not final are
written. The answer keeps the survey (``Answer.source_survey``) and the page shows it to
the assessors, with its respondents, rule and warnings.

An assessor may put another value: then a reason is required (``override_reason``,
stored and audited), and no later survey result replaces it; saving the survey's value
again ends the override. A value typed before any survey was closed is replaced by the
survey's value (the survey is the source the LKE asks for; the audit keeps the old one).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.lke.engine import model as m
from apps.lke.engine import round_half_up
from apps.lke.selectors import engine_template
from apps.surveys.lke import lke_sources, year_surveys
from apps.surveys.models import SHORT_KIND, Kind, Period
from apps.surveys.selectors import SurveyResult, survey_result

from .models import Answer, Assessment, Status

# The question each perception survey answers, by LKE version (2021, 2014). The codes are
# the templates' own; a template without them takes nothing from the surveys.
SURVEY_QUESTIONS: dict[str, tuple[str, ...]] = {
    Kind.IPAK: ("HBA", "HB1"),
    Kind.IPKP: ("HPA", "HP1"),
}


def survey_title(survey) -> str:
    """ "IPKP Semester I 2026"."""
    return f"{SHORT_KIND[Kind(survey.kind)]} {Period(survey.period).label} {survey.year}"


def survey_questions(template: m.Template) -> dict[str, str]:
    """Survey kind → the code of the question it answers in ``template`` (score questions
    only: the value is a number on the survey's 0–4 scale)."""
    found = {}
    for kind, codes in SURVEY_QUESTIONS.items():
        for code in codes:
            question = template.questions.get(code)
            if question is not None and question.kind == m.SCORE:
                found[kind] = code
                break
    return found


def answer_value(result: SurveyResult, template: m.Template) -> str:
    """The survey's value as the answer stores it: the 0–4 value rounded half-up to the
    template's decimal places, as a plain decimal string ("3.41")."""
    value = round_half_up(result.lke_value, template.settings.decimal_places).normalize()
    return format(value, "f")


@dataclass(frozen=True)
class SurveySource:
    """What the scoring page shows beside HBA/HPA."""

    code: str
    result: SurveyResult
    value: str  # the answer it supplies
    url: str  # the survey's figures for the assessment's readers (views/surveys.py)
    answer: Answer | None

    @property
    def survey(self):
        return self.result.survey

    @property
    def title(self) -> str:
        return survey_title(self.survey)

    @property
    def in_use(self) -> bool:
        """The stored answer holds this survey's value."""
        a = self.answer
        return a is not None and a.source_survey_id == self.survey.pk and not a.override_reason

    @property
    def overridden(self) -> bool:
        return self.answer is not None and bool(self.answer.override_reason)


def sources_for(
    assessment: Assessment, answers: dict[str, Answer], codes: list[str] | None = None
) -> dict[str, SurveySource]:
    """Question code (of ``codes``, default all) → the survey shown beside it. An
    assessment not final: the survey the portal supplies now; a final one: the survey its
    answer was taken from (the record as it was locked). No query for other questions."""
    template = engine_template(assessment.template)
    template_questions = {
        kind: code
        for kind, code in survey_questions(template).items()
        if codes is None or code in codes
    }
    if not template_questions:
        return {}
    results: dict[str, SurveyResult] = {}
    if assessment.status == Status.FINAL:
        for kind, code in template_questions.items():
            answer = answers.get(code)
            if answer is not None and answer.source_survey_id:
                result = survey_result(answer.source_survey)
                if result.lke_value is not None:
                    results[kind] = result
    else:
        results = lke_sources(
            assessment.unit_id,
            assessment.cycle.year,
            template_questions,
            surveys=year_surveys_of(assessment),
        )
    return {
        code: SurveySource(
            code=code,
            result=results[kind],
            value=answer_value(results[kind], template),
            url=reverse("assessment:survey", args=[assessment.pk, results[kind].survey.pk]),
            answer=answers.get(code),
        )
        for kind, code in template_questions.items()
        if kind in results
    }


def year_surveys_of(assessment: Assessment) -> list:
    """The unit's surveys of the cycle's year, read once per assessment instance (a page
    asks for the HBA/HPA sources and the PPF4A/PPF4B hints: one query for both)."""
    cached = getattr(assessment, "_year_surveys", None)
    if cached is None:
        cached = year_surveys(assessment.unit_id, assessment.cycle.year)
        assessment._year_surveys = cached
    return cached


def reason_missing(source_title: str, value: str) -> str:
    return _(
        "Nilai ini diambil dari survei %(survey)s (%(value)s). Untuk memakai nilai lain, "
        "tulis alasannya di kolom “Alasan mengganti nilai survei”."
    ) % {"survey": source_title, "value": value}
