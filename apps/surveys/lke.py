"""What the LKE takes from a unit's surveys (issue 16 part 6), read by the assessment app
(which sits above the surveys in ``.importlinter``; the surveys never import it).

- **IPAK/IPKP → HBA/HPA**: :func:`lke_sources` gives, per perception kind, the closed
  survey of the unit and year whose value the assessment takes, with its figures
  (``selectors.survey_result``: respondents, the 0–4 value by the survey's written rule,
  the warnings).

  *Which survey, when a year has several closed surveys of one kind* (e.g. semester I and
  semester II): the one whose period ends last – the most recent data of the year; two
  ending on the same day (semester II and a yearly survey) – the one closed last. A
  closed survey whose value cannot be computed (no answers, an item without answers) is
  passed over for the next one. A survey still open is never used: its figures are not
  final.
- **SKM → PPF4A/PPF4B**: :func:`skm_surveys` lists the unit's SKM of a year, for the
  frequency (PPF4A) and publication (PPF4B) hints.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from .models import Kind, Status, Survey
from .selectors import SurveyResult, survey_result

PERCEPTION_KINDS = (Kind.IPAK, Kind.IPKP)


def _recency(survey: Survey) -> tuple[datetime.date, datetime.datetime]:
    return survey.bounds[1], survey.closed_at


def year_surveys(unit_id: int, year: int) -> list[Survey]:
    """The unit's surveys of ``year`` that were opened (every kind; one query): what
    ``lke_sources`` and ``skm_surveys`` choose from, read once for a page."""
    return list(
        Survey.objects.filter(unit_id=unit_id, year=year)
        .exclude(status=Status.DRAFT)
        .select_related("unit")
    )


def lke_sources(
    unit_id: int, year: int, kinds=PERCEPTION_KINDS, surveys: list[Survey] | None = None
) -> dict[str, SurveyResult]:
    """Per kind of ``kinds``: the result of the closed survey of unit ``unit_id`` and
    ``year`` that supplies the LKE's value (see the module's rule); a kind without one is
    left out. One query (none with ``surveys``, from ``year_surveys``), plus
    ``survey_result``'s per survey used."""
    if surveys is None:
        surveys = year_surveys(unit_id, year)
    by_kind: dict[str, list[Survey]] = {}
    for survey in surveys:
        if survey.kind in kinds and survey.status == Status.CLOSED:
            by_kind.setdefault(survey.kind, []).append(survey)
    sources = {}
    for kind, surveys in by_kind.items():
        for survey in sorted(surveys, key=_recency, reverse=True):
            result = survey_result(survey)
            if result.lke_value is not None:
                sources[kind] = result
                break
    return sources


def survey_url(survey: Survey) -> str | None:
    """The staff page of the survey's figures: its results page, else its page, else
    None (the surveys' pages are named in apps/surveys/urls.py)."""
    for name in ("surveys:results", "surveys:detail"):
        try:
            return reverse(name, args=[survey.pk])
        except NoReverseMatch:
            continue
    return None


@dataclass(frozen=True)
class SkmYear:
    closed: list[Survey]  # closed by the date, oldest period first
    running: list[Survey]  # open on the date (or closed after it)
    published: list[Survey]  # of ``closed``, those published by the date


def skm_surveys(
    unit_id: int, year: int, end: datetime.datetime, surveys: list[Survey] | None = None
) -> SkmYear:
    """The unit's SKM of ``year`` as they stood at ``end`` (an aware datetime): closed by
    then, or opened by then and still running. One query (none with ``surveys``)."""
    closed, running, published = [], [], []
    if surveys is None:
        surveys = year_surveys(unit_id, year)
    rows = [s for s in surveys if s.kind == Kind.SKM]
    for survey in sorted(rows, key=lambda s: (s.bounds[0], s.pk)):
        if survey.closed_at is not None and survey.closed_at < end:
            closed.append(survey)
            if survey.published_at is not None and survey.published_at < end:
                published.append(survey)
        elif survey.opened_at is not None and survey.opened_at < end:
            running.append(survey)
    return SkmYear(closed, running, published)
