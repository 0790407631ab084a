"""The results page of a survey: figures against hand-computed values, the breakdowns per
service, desk, month and demographic group, the minimum sample, the spreadsheet, the
access matrix and a query budget that holds for 10 000 answers."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.surveys import services
from apps.surveys.models import Item, Link, Response, ResponseAnswer, Service
from apps.surveys.selectors import survey_breakdowns, survey_result

pytestmark = pytest.mark.django_db

# Three respondents, hand-computed (see the docstring of ``answered``).
R1 = (4, 4, 4, 4, 4, 4, 4, 4, 4)
R2 = (3, None, 3, 3, 3, 3, 3, 3, 3)
R3 = (2, 2, 3, 4, 2, 2, 3, 4, 4)


def _answers(values):
    return {f"U{i}": v for i, v in enumerate(values, start=1)}


def _at(response, year, month):
    Response.objects.filter(pk=response.pk).update(
        submitted_at=timezone.make_aware(datetime.datetime(year, month, 10, 9, 0))
    )


@pytest.fixture
def answered(open_skm, pokja_pp):
    """R1 at Perizinan's Loket 1 (man, 20–29, January), R2 at Perizinan (woman, 30–39,
    February, U2 blank), R3 at Pengaduan (woman, 30–39, February).

    NRR: U1 9/3 = 3.00, U2 6/2 = 3.00, U3 10/3 = 3.33, U4 11/3 = 3.67, U5 3.00, U6 3.00,
    U7 3.33, U8 3.67, U9 3.67; Σ NRR = 89/3, IKM = 89/27 = 3.30, converted 2225/27 =
    82.41 → B (Baik). Perizinan (R1, R2): Σ = 3.5 × 8 + 4 = 32, IKM 3.56, 88.89 → A;
    Pengaduan (R3): Σ = 26, IKM 2.89, 72.22 → C. Women (R2, R3): Σ 26 → 72.22 C."""
    perizinan, pengaduan = Service.objects.filter(survey=open_skm).order_by("order")
    desk = services.link_create(actor=pokja_pp, survey=open_skm, service=perizinan, desk="Loket 1")
    perizinan_link = services.link_create(actor=pokja_pp, survey=open_skm, service=perizinan)
    pengaduan_link = services.link_create(actor=pokja_pp, survey=open_skm, service=pengaduan)
    r1 = services.response_record(link=desk, answers=_answers(R1), sex="l", age_band="20")
    r2 = services.response_record(
        link=perizinan_link, answers=_answers(R2), sex="p", age_band="30", suggestion="Antre lama"
    )
    r3 = services.response_record(link=pengaduan_link, answers=_answers(R3), sex="p", age_band="30")
    _at(r1, 2027, 1)
    _at(r2, 2027, 2)
    _at(r3, 2027, 2)
    return open_skm


def url(name, survey):
    return reverse(f"surveys:{name}", args=[survey.pk])


def text(response) -> str:
    return " ".join(response.content.decode().split())


# --- figures ------------------------------------------------------------------------------


def test_the_figures_are_the_hand_computed_ones(answered):
    result = survey_result(answered)
    assert result.respondents == 3
    assert [str(r.nrr_shown) for r in result.items] == [
        "3.00", "3.00", "3.33", "3.67", "3.00", "3.00", "3.33", "3.67", "3.67"
    ]  # fmt: skip
    assert [str(r.converted) for r in result.items][2:4] == ["83.33", "91.67"]
    assert str(result.index_shown) == "3.30"
    assert str(result.converted) == "82.41" and result.grade == "B"


def test_the_breakdowns_per_service_desk_month_and_group(answered):
    rows = {
        b.dimension: [(r.label, r.respondents, str(r.converted), r.grade) for r in b.rows]
        for b in survey_breakdowns(answered)
    }
    assert rows["service"] == [("Perizinan", 2, "88.89", "A"), ("Pengaduan", 1, "72.22", "C")]
    assert rows["desk"] == [("Loket 1", 1, "100.00", "A"), ("Tanpa loket/petugas", 2, "72.22", "C")]
    assert rows["month"] == [("Januari 2027", 1, "100.00", "A"), ("Februari 2027", 2, "72.22", "C")]
    assert rows["sex"] == [("Laki-laki", 1, "100.00", "A"), ("Perempuan", 2, "72.22", "C")]
    assert rows["age_band"] == [("20–29 tahun", 1, "100.00", "A"), ("30–39 tahun", 2, "72.22", "C")]
    assert rows["education"] == [("Tidak diisi", 3, "82.41", "B")]
    assert rows["occupation"] == [("Tidak diisi", 3, "82.41", "B")]


def test_the_results_page_shows_figures_sample_distribution_and_breakdowns(
    client_for, answered, pokja_pp
):
    response = client_for(pokja_pp).get(url("results", answered))
    assert response.status_code == 200
    body = text(response)
    assert 'data-testid="ikm">3,30<' in body
    assert 'data-testid="converted">82,41<' in body
    assert "B <span" in body and "(Baik)" in body
    # Krejcie–Morgan for 1 000 → 278; 3 answers = 1 %.
    assert "3 jawaban dari sampel minimum 278" in body
    assert 'data-width="1"' in body
    assert "Responden baru 3 dari sampel minimum 278." in body
    # U4: one 3, two 4s.
    distribution = body.split('data-testid="distribution-U4"')[1].split("</div></div></div>")[0]
    assert 'data-value="3">1<' in distribution and 'data-value="4">2<' in distribution
    assert 'data-testid="breakdown-service"' in body and "88,89" in body and "72,22" in body
    assert "1 saran responden menunggu ditinjau." in body


def test_a_perception_survey_shows_its_index_and_the_rule(client_for, pokja_pp, tree):
    ipkp = services.survey_create(
        actor=pokja_pp,
        unit=tree["upt"],
        kind="ipkp",
        year=2027,
        period="year",
        scale=6,
        scale_rule="linear",
        services=["Perizinan"],
    )
    ipkp = services.survey_open(actor=pokja_pp, survey=ipkp)
    link = Link.objects.get(survey=ipkp)
    codes = list(Item.objects.filter(survey=ipkp).values_list("code", flat=True))
    services.response_record(link=link, answers=dict.fromkeys(codes, 6))
    services.response_record(link=link, answers=dict.fromkeys(codes, 5))
    body = text(client_for(pokja_pp).get(url("results", ipkp)))
    # Mean 5.5 on 6 points; linear: 1 + 4.5 × 3/5 = 3.70.
    assert 'data-testid="index">5,50<' in body
    assert 'data-testid="lke-value">3,70<' in body
    assert "dipetakan lurus" in body
    assert "Responden baru 2 dari sampel minimum 30." in body
    assert "Layanan belum terwakili: Perizinan." in body
    assert 'data-testid="converted"' not in body and 'data-testid="grade"' not in body
    service = next(b for b in survey_breakdowns(ipkp) if b.dimension == "service")
    assert [(r.label, r.respondents, r.index) for r in service.rows] == [
        ("Perizinan", 0, None),  # not covered yet
        ("Tanpa layanan", 2, 11 / 2),
    ]
    assert str(service.rows[1].lke_value_shown) == "3.70"


def test_the_spreadsheet_holds_the_figures(client_for, answered, member):
    response = client_for(member).get(url("results_xlsx", answered))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    rows = [list(r) for r in workbook["Hasil"].iter_rows(values_only=True)]
    assert rows[8] == ["U3", "Waktu penyelesaian", 3, 3.33, 83.33, 0, 0, 2, 1]
    assert ["IKM konversi", 82.41] in [r[:2] for r in rows]
    breakdown = [list(r) for r in workbook["Rincian"].iter_rows(values_only=True)]
    assert ["Per layanan", "Perizinan", 2, 3.56, 88.89] in breakdown


# --- access -------------------------------------------------------------------------------

PAGES = ["results", "results_xlsx"]


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_login(client, skm, page):
    response = client.get(url(page, skm))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["no_role", "staff_user", "sibling_sekretaris", "other_admin"])
def test_wrong_role_other_unit_and_other_agency_get_404(client_for, request, skm, page, who):
    response = client_for(request.getfixturevalue(who)).get(url(page, skm))
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["member", "verifier", "admin", "pokja_pp"])
def test_the_units_team_its_verifier_and_the_admin_read_results(client_for, request, skm, who):
    assert client_for(request.getfixturevalue(who)).get(url("results", skm)).status_code == 200


# --- constant queries ---------------------------------------------------------------------


def _bulk_answers(survey, respondents):
    """``respondents`` × 9 answers written in bulk, spread over services, desks, months
    and groups."""
    items = list(Item.objects.filter(survey=survey).order_by("order"))
    service_ids = list(Service.objects.filter(survey=survey).values_list("pk", flat=True))
    start = Response.objects.filter(survey=survey).count()
    rows = [
        Response(
            tenant_id=survey.tenant_id,
            survey=survey,
            service_id=service_ids[i % len(service_ids)],
            desk=f"Loket {i % 3}",
            submitted_at=timezone.make_aware(datetime.datetime(2027, 1 + i % 6, 1 + i % 28, 10)),
            sex="lp"[i % 2],
            age_band=["lt20", "20", "30", "40", "50", "60"][i % 6],
            education=["sd", "smp", "sma", "d", "s1", "s2", "s3"][i % 7],
            occupation=["pns", "swasta", "lainnya"][i % 3],
        )
        for i in range(start, start + respondents)
    ]
    Response.objects.bulk_create(rows, batch_size=2000)
    ResponseAnswer.objects.bulk_create(
        (
            ResponseAnswer(
                tenant_id=survey.tenant_id, response=row, item=item, value=1 + (i + j) % 4
            )
            for i, row in enumerate(rows)
            for j, item in enumerate(items)
        ),
        batch_size=5000,
    )


def test_the_results_page_runs_in_constant_queries_up_to_10000_answers(
    client_for, open_skm, pokja_pp, django_assert_max_num_queries
):
    client = client_for(pokja_pp)
    client.get(url("results", open_skm))  # session, caches
    counts = []
    for respondents in (10, 1112):  # 90 answers, then 10 098
        _bulk_answers(open_skm, respondents)
        with django_assert_max_num_queries(20) as ctx:
            response = client.get(url("results", open_skm))
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    assert ResponseAnswer.objects.filter(response__survey=open_skm).count() >= 10_000
    result = survey_result(open_skm)
    assert result.respondents == 1122
    breakdowns = {b.dimension: b for b in survey_breakdowns(open_skm)}
    assert sum(r.respondents for r in breakdowns["month"].rows) == 1122
    assert len(breakdowns["education"].rows) == 7


def test_a_survey_without_answers_shows_dashes_not_errors(client_for, skm, pokja_pp):
    response = client_for(pokja_pp).get(url("results", skm))
    assert response.status_code == 200
    body = text(response)
    assert 'data-testid="respondents">0<' in body and 'data-testid="ikm">–<' in body
    assert "0 jawaban dari sampel minimum 278" in body
    xlsx = client_for(pokja_pp).get(url("results_xlsx", skm))
    assert xlsx.status_code == 200


def test_the_spreadsheet_of_a_perception_survey_gives_the_lke_value_and_rule(
    client_for, pokja_pp, tree
):
    ipak = services.survey_create(
        actor=pokja_pp, unit=tree["upt"], kind="ipak", year=2027, period="year", scale=5
    )
    ipak = services.survey_open(actor=pokja_pp, survey=ipak)
    codes = list(Item.objects.filter(survey=ipak).values_list("code", flat=True))
    services.response_record(link=Link.objects.get(survey=ipak), answers=dict.fromkeys(codes, 4))
    response = client_for(pokja_pp).get(url("results_xlsx", ipak))
    rows = [
        list(r)
        for r in load_workbook(io.BytesIO(response.content))["Hasil"].iter_rows(values_only=True)
    ]
    figures = {r[0]: r[1] for r in rows if r and r[0]}
    assert figures["Indeks (skala 1–5)"] == 4
    assert figures["Nilai LKE (0–4)"] == 3.2
    assert "dikalikan 4 lalu dibagi 5" in figures["Aturan konversi"]
    assert "IKM konversi" not in figures


def test_a_weighted_perception_survey_shows_each_aspects_share(client_for, pokja_pp, tree):
    ipak = services.survey_create(
        actor=pokja_pp, unit=tree["upt"], kind="ipak", year=2027, period="year", scale=4
    )
    items = [
        {**row, "weight": 2 if row["code"] == "A1" else 1}
        for row in Item.objects.filter(survey=ipak).values("code", "element", "text", "labels")
    ]
    services.items_save(actor=pokja_pp, survey=ipak, items=items)
    ipak = services.survey_open(actor=pokja_pp, survey=ipak)
    answers = {row["code"]: 4 if row["code"] == "A1" else 3 for row in items}
    services.response_record(link=Link.objects.get(survey=ipak), answers=answers)
    body = text(client_for(pokja_pp).get(url("results", ipak)))
    # A1 counts twice among five aspects: 2/6 = 33,33 %, the others 1/6 = 16,67 %; the
    # index is 4 × 2/6 + 3 × 4/6 = 10/3 = 3,33 (the plain mean of the NRRs would be 3,20).
    assert re.search(r'data-code="A1">.*?data-testid="weight">33,33 %<', body, re.S)
    assert re.search(r'data-code="A2">.*?data-testid="weight">16,67 %<', body, re.S)
    assert "Σ NRR × bobot" in body
