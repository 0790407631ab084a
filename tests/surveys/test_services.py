"""Preparing a survey: the standard questionnaire, the services, the QR codes, who may."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from apps.core.exceptions import AccessDenied
from apps.surveys import services
from apps.surveys.models import Item, Kind, Link, LinkKind, Period, Status, Survey
from apps.surveys.scoring import ScaleRule
from apps.surveys.tasks import close_due_surveys


def test_create_skm_with_the_nine_elements_and_a_unit_qr(skm):
    items = list(skm.items.all())
    assert [i.code for i in items] == [f"U{n}" for n in range(1, 10)]
    assert items[3].labels[-1] == "Gratis"  # the cost element: free is best
    assert all(len(i.labels) == 4 and i.weight == 1 for i in items)
    assert [s.name for s in skm.services.all()] == ["Perizinan", "Pengaduan"]
    link = Link.objects.get(survey=skm)
    assert link.kind == LinkKind.QR and link.service is None and len(link.token) == 22
    assert skm.title == "SKM Semester I 2027 – UPT Satu"
    assert skm.status == Status.DRAFT


def test_ipak_on_six_points_with_agreement_labels(pokja_pp, tree):
    survey = services.survey_create(
        actor=pokja_pp,
        unit=tree["upt"],
        kind=Kind.IPAK,
        year=2027,
        period=Period.YEAR,
        scale=6,
        scale_rule=ScaleRule.LINEAR,
    )
    items = list(survey.items.all())
    assert len(items) == 5 and all(len(i.labels) == 6 for i in items)
    assert items[4].element == "Percaloan"


def test_skm_is_always_four_points(pokja_pp, tree):
    with pytest.raises(ValidationError, match="4 titik"):
        services.survey_create(
            actor=pokja_pp, unit=tree["upt"], kind=Kind.SKM, year=2027, period=Period.S1, scale=5
        )


def test_one_survey_per_kind_and_period(skm, pokja_pp, tree):
    with pytest.raises(ValidationError, match="sudah memiliki survei"):
        services.survey_create(
            actor=pokja_pp, unit=tree["upt"], kind=Kind.SKM, year=2027, period=Period.S1
        )


def test_only_the_pelayanan_publik_pokja_and_the_team_manage(member, tree, sibling_sekretaris):
    for outsider in (member, sibling_sekretaris):  # Pokja MP of the unit; another unit's
        with pytest.raises(AccessDenied):
            services.survey_create(
                actor=outsider, unit=tree["upt"], kind=Kind.SKM, year=2027, period=Period.S1
            )


def test_skm_items_keep_the_nine_elements(skm, pokja_pp):
    rows = [
        {"code": i.code, "element": i.element, "text": i.text, "weight": 1, "labels": i.labels}
        for i in skm.items.all()
    ]
    rows[0]["text"] = "Apakah persyaratan layanan mudah dipenuhi?"
    services.items_save(actor=pokja_pp, survey=skm, items=rows)
    assert Item.objects.get(survey=skm, code="U1").text.startswith("Apakah")
    with pytest.raises(ValidationError, match="sembilan unsur"):
        services.items_save(actor=pokja_pp, survey=skm, items=rows[:8])
    with pytest.raises(ValidationError, match="4 pilihan jawaban"):
        services.items_save(
            actor=pokja_pp, survey=skm, items=[{**rows[0], "labels": ["a", "b"]}, *rows[1:]]
        )


def test_open_then_close_and_the_questionnaire_is_frozen(skm, pokja_pp):
    opened = services.survey_open(actor=pokja_pp, survey=skm)
    with pytest.raises(ValidationError, match="setelah survei dibuka"):
        services.items_save(actor=pokja_pp, survey=opened, items=[{"code": "X"}])
    closed = services.survey_close(actor=pokja_pp, survey=opened)
    assert closed.status == Status.CLOSED and closed.closed_by == pokja_pp
    with pytest.raises(ValidationError, match="tidak dapat"):
        services.survey_open(actor=pokja_pp, survey=Survey.objects.get(pk=skm.pk))
    with pytest.raises(ValidationError, match="tidak menerima jawaban"):
        services.link_create(actor=pokja_pp, survey=Survey.objects.get(pk=skm.pk), desk="L1")


def test_qr_per_service_and_desk_once(skm, pokja_pp):
    service = skm.services.first()
    services.link_create(actor=pokja_pp, survey=skm, service=service, desk="Loket 1")
    with pytest.raises(ValidationError, match="sudah ada"):
        services.link_create(actor=pokja_pp, survey=skm, service=service, desk="Loket  1")
    services.link_create(actor=pokja_pp, survey=skm, service=service)
    assert skm.links.count() == 3


# --- closing automatically on the set date ---------------------------------------------------


def test_a_closing_date_already_past_is_refused(open_skm, pokja_pp):
    with time_machine.travel(datetime.datetime(2027, 3, 10, 9, tzinfo=datetime.UTC)):
        with pytest.raises(ValidationError, match="tidak boleh sebelum hari ini"):
            services.survey_update(
                actor=pokja_pp, survey=open_skm, closes_on=datetime.date(2027, 3, 9)
            )
        survey = Survey.objects.get(pk=open_skm.pk)
        assert survey.closes_on is None
        services.survey_update(actor=pokja_pp, survey=survey, closes_on=datetime.date(2027, 3, 10))
        assert Survey.objects.get(pk=open_skm.pk).closes_on == datetime.date(2027, 3, 10)


def test_the_beat_closes_open_surveys_after_their_closing_date(open_skm, pokja_pp, tree):
    services.survey_update(actor=pokja_pp, survey=open_skm, closes_on=datetime.date(2027, 6, 30))
    other = services.survey_open(
        actor=pokja_pp,
        survey=services.survey_create(
            actor=pokja_pp, unit=tree["upt"], kind=Kind.SKM, year=2027, period=Period.S2
        ),
    )
    # On the closing date itself the survey still takes answers; the day after it closes.
    with time_machine.travel(datetime.datetime(2027, 6, 30, 10, tzinfo=datetime.UTC)):
        assert close_due_surveys() == 0
    with time_machine.travel(datetime.datetime(2027, 7, 1, 1, tzinfo=datetime.UTC)):
        assert close_due_surveys() == 1
        assert close_due_surveys() == 0
    closed = Survey.objects.get(pk=open_skm.pk)
    assert closed.status == Status.CLOSED and closed.closed_by is None
    assert Survey.objects.get(pk=other.pk).status == Status.OPEN  # no date: left open


def test_a_survey_whose_closing_date_passed_is_not_opened(skm, pokja_pp):
    services.survey_update(actor=pokja_pp, survey=skm, closes_on=datetime.date(2027, 1, 31))
    with (
        time_machine.travel(datetime.datetime(2027, 2, 2, 9, tzinfo=datetime.UTC)),
        pytest.raises(ValidationError, match="sudah lewat"),
    ):
        services.survey_open(actor=pokja_pp, survey=Survey.objects.get(pk=skm.pk))
    assert Survey.objects.get(pk=skm.pk).status == Status.DRAFT
