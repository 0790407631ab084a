"""The public's answers through a link, and the figures read back from them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.surveys import services
from apps.surveys.models import Link, Response, Survey
from apps.surveys.scoring import Grade
from apps.surveys.selectors import survey_result


def _answers(*values):
    return {f"U{i}": v for i, v in enumerate(values, start=1)}


def test_answers_give_the_ikm(open_skm):
    link = Link.objects.get(survey=open_skm)
    services.response_record(link=link, answers=_answers(4, 4, 4, 4, 4, 4, 4, 4, 4))
    services.response_record(
        link=link, answers=_answers(3, None, 3, 3, 3, 3, 3, 3, 3), sex="p", age_band="30"
    )
    result = survey_result(open_skm)
    assert result.respondents == 2
    assert result.items[1].nrr == 4  # the blank is skipped
    assert result.converted == Decimal("88.89") and result.grade == Grade.A
    assert result.sample_minimum == 278 and result.sample_percent == 0


def test_draft_and_closed_surveys_refuse(skm, pokja_pp):
    link = Link.objects.get(survey=skm)
    with pytest.raises(ValidationError, match="belum dibuka"):
        services.response_record(link=link, answers=_answers(4, 4, 4, 4, 4, 4, 4, 4, 4))
    opened = services.survey_open(actor=pokja_pp, survey=skm)
    services.survey_close(actor=pokja_pp, survey=opened)
    with pytest.raises(ValidationError, match="sudah ditutup"):
        services.response_record(link=link, answers=_answers(4, 4, 4, 4, 4, 4, 4, 4, 4))
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "answers",
    [{"U1": 5}, {"U1": 0}, {"U1": True}, {"U1": "4"}, {"X9": 4}, {}, {"U1": None}],
)
def test_bad_answers_refused_and_nothing_saved(open_skm, answers):
    with pytest.raises(ValidationError):
        services.response_record(link=Link.objects.get(survey=open_skm), answers=answers)
    assert not Response.objects.exists()


def test_a_service_of_another_survey_is_refused(open_skm, pokja_pp, tree):
    other = services.survey_create(
        actor=pokja_pp,
        unit=tree["upt"],
        kind="skm",
        year=2027,
        period="s2",
        services=["Lain"],
    )
    with pytest.raises(ValidationError, match="bukan bagian"):
        services.response_record(
            link=Link.objects.get(survey=open_skm),
            answers={"U1": 4},
            service=other.services.get(),
        )
    assert Survey.objects.count() == 2 and not Response.objects.exists()
