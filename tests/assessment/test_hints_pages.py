"""The "menurut data portal" hints on the scoring page and in the API: shown to whoever
reads the assessment (404 for another unit or agency), never written into an answer,
at a query cost that does not grow with the records behind them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from apps.assessment import services
from apps.assessment.models import Answer
from apps.workplan.models import TaskStatus
from tests.api.helpers import assert_anonymous_refused, assert_not_found
from tests.factories import AssessmentFactory, CycleFactory, make_member

from . import hint_data
from .conftest import save
from .test_monev_hints import monev, recommendations

pytestmark = pytest.mark.django_db


def detail(assessment):
    return reverse("assessment:detail", args=[assessment.pk])


def api(assessment):
    return f"/api/v1/assessments/{assessment.pk}/hints/"


@pytest.fixture
def records(tpu_assessment, admin, ketua_tim, member, unit_leader):
    """UPT1's team with its SK, and a ratified plan: one activity in January and
    February, done in January only."""
    cycle = tpu_assessment.cycle
    hint_data.team(cycle, admin, [ketua_tim, member])
    revision = hint_data.plan(cycle, ketua_tim, member, unit_leader, ([1, 2],))
    (item,) = hint_data.items(revision)
    hint_data.tasks(item, 1, [TaskStatus.TELAH])
    hint_data.tasks(item, 2, [TaskStatus.BELUM])
    return revision


def hint_box(body, code):
    start = body.index(f'data-testid="hint-{code}"')
    return body[start : body.index("</div>", start)]


def test_the_lead_sees_the_hints_with_their_suggestion_links_and_button(
    client_for, tpu_assessment, tpu_user, records
):
    body = client_for(tpu_user).get(detail(tpu_assessment)).content.decode()
    team = hint_box(body, "PPA1A")
    assert "Menurut data portal" in team and "2 anggota tercatat" in team
    assert 'data-testid="hint-suggestion-PPA1A">Ya<' in team
    assert f'href="{reverse("teams:team", args=[tpu_assessment.cycle_id])}"' in team
    assert 'data-hint-use="PPA1A" data-hint-value="&quot;Ya&quot;"' in team
    plan = hint_box(body, "PPA2A")
    assert "revisi 1 disahkan" in plan and "Kepala UPT Satu" in plan
    share = hint_box(body, "PPA3A")
    assert "1 dari 2 kegiatan terjadwal" in share and "(50 %)" in share
    assert "B: sebagian besar" in share
    # No hint where the portal holds nothing (PPA3B: no monev report yet).
    assert 'data-testid="hint-PPA3B"' not in body and 'data-testid="hint-PPB1A"' not in body


def test_an_assessor_of_another_area_reads_the_hint_without_the_button(
    client_for, tpu_assessment, tpu_user_tl, records
):
    body = client_for(tpu_user_tl).get(detail(tpu_assessment)).content.decode()
    assert "2 anggota tercatat" in hint_box(body, "PPA1A")
    assert "data-hint-use" not in body


def test_the_page_and_the_api_never_change_a_saved_answer(
    client_for, tpu_assessment, tpu_user, records
):
    save(tpu_user, tpu_assessment, "PPA1A", "Tidak", note="SK belum lengkap.")
    save(tpu_user, tpu_assessment, "PPA2A", "Ya")
    before = list(Answer.objects.order_by("pk").values())
    client = client_for(tpu_user)
    body = client.get(detail(tpu_assessment)).content.decode()
    assert "berbeda dari jawaban tersimpan" in hint_box(body, "PPA1A")
    assert "sama dengan jawaban tersimpan" in hint_box(body, "PPA2A")
    assert "data-hint-use" not in hint_box(body, "PPA2A")  # nothing to use: it is the answer
    # The stored answer stays checked; the suggestion is only offered.
    assert 'value="Tidak" checked' in body.split('id="q-PPA1A"')[1].split("</form>")[0]
    data = client.get(api(tpu_assessment)).json()
    assert list(Answer.objects.order_by("pk").values()) == before
    first = data["results"][0]
    assert first["question"] == "PPA1A"
    assert (first["suggestion"], first["stored_answer"], first["matches_answer"]) == (
        "Ya",
        "Tidak",
        False,
    )


def test_reloading_a_question_keeps_its_hint(client_for, tpu_assessment, tpu_user, records):
    response = client_for(tpu_user).get(
        reverse("assessment:answer", args=[tpu_assessment.pk, "PPA3A"])
    )
    assert "1 dari 2 kegiatan terjadwal" in hint_box(response.content.decode(), "PPA3A")


def test_a_final_assessment_shows_its_hints_as_of_its_lock_without_the_button(
    client_for, tpu_assessment, tpu_user, records
):
    with scope(tenant=tpu_assessment.tenant_id):
        services.assessment_finalise(actor=tpu_user, assessment=tpu_assessment)
    body = client_for(tpu_user).get(detail(tpu_assessment)).content.decode()
    assert "2 anggota tercatat" in hint_box(body, "PPA1A")
    assert "data-hint-use" not in body


def test_the_api_lists_the_hints_in_question_order(client_for, tpu_assessment, tpu_user, records):
    response = client_for(tpu_user).get(api(tpu_assessment))
    assert response.status_code == 200
    data = response.json()
    assert data["assessment"] == tpu_assessment.pk
    assert [h["question"] for h in data["results"]] == ["PPA1A", "PPA2A", "PPA3A"]
    share = data["results"][2]
    assert share["suggestion"] == "B" and share["stored_answer"] is None
    assert share["links"][0]["url"] == reverse("workplan:timeline", args=[records.cycle_id])


def test_without_records_the_api_answers_an_empty_list(client_for, tpu_assessment, tpu_user):
    assert client_for(tpu_user).get(api(tpu_assessment)).json()["results"] == []


# --- access: as the assessment itself -------------------------------------------------------


def test_the_unit_does_not_see_the_hints_of_an_unreleased_tpu_assessment(
    client_for, tpu_assessment, member, records
):
    client = client_for(member)
    assert client.get(detail(tpu_assessment)).status_code == 404
    assert_not_found(client.get(api(tpu_assessment)))


def test_another_unit_and_another_agency_get_404(
    client_for, tpu_assessment, sibling_member, other_admin, records
):
    for user in (sibling_member, other_admin):
        client = client_for(user)
        assert client.get(detail(tpu_assessment)).status_code == 404
        assert_not_found(client.get(api(tpu_assessment)))
        client.logout()


def test_leadership_above_the_unit_reads_the_hints(client_for, tpu_assessment, es1_leader, records):
    response = client_for(es1_leader).get(api(tpu_assessment))
    assert [h["question"] for h in response.json()["results"]] == ["PPA1A", "PPA2A", "PPA3A"]


def test_anonymous_is_refused(client, tpu_assessment):
    assert_anonymous_refused(client.get(api(tpu_assessment)))


def test_the_endpoint_is_in_the_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/assessments/{id}/hints/"]["get"]
    assert {"200", "401", "403", "404"} <= set(operation["responses"])
    assert "put" not in schema["paths"]["/api/v1/assessments/{id}/hints/"]


# --- query budget -------------------------------------------------------------------------------


def _records(cycle, admin, ketua_tim, member, unit_leader, size):
    """A team of ``size`` members with its SK and a plan of ``size`` activities planned
    every month of the cycle's year, each month with three tasks."""
    year = cycle.year
    people = [ketua_tim] + [
        make_member(cycle.tenant, full_name=f"Pegawai {year} {i}", email=f"p{year}.{i}@alfa.go.id")
        for i in range(size - 1)
    ]
    hint_data.team(cycle, admin, people, signed_on=datetime.date(year, 1, 10))
    revision = hint_data.plan(
        cycle,
        ketua_tim,
        member,
        unit_leader,
        [list(range(1, 13))] * size,
        on=datetime.date(year, 1, 5),
    )
    statuses = [TaskStatus.TELAH, TaskStatus.SEDANG, TaskStatus.BELUM]
    for item in hint_data.items(revision):
        for month in range(1, 13):
            hint_data.tasks(item, month, statuses, year=year)
    # Monev reports for ``size`` months, each with ``size`` recommendations.
    reports = monev(cycle, dict.fromkeys(range(1, size + 1), True))
    for report in reports.values():
        recommendations(report, ketua_tim, ["done", "in_progress"] * size, closed_in=report)


def _queries(client, path):
    client.get(path)  # warms the per-process caches (engine template)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


# The hints' own share: two for the team (SK, member count), four for the plan (revisions,
# items in force, their origins, tasks counted per item and month), two for the monev
# reports (the cycle's reports, their recommendations), two for the change agents'
# changes (agents, their recorded changes), one for the unit's surveys of the year (the SKM
# of PPF4A/PPF4B; on the page shared with the HBA/HPA survey source).
@pytest.mark.parametrize(("path", "budget"), [(detail, 27), (api, 18)])
def test_the_hints_cost_the_same_queries_for_one_record_or_hundreds(
    client_for, tpu_assessment, tpu_user, admin, ketua_tim, member, unit_leader, path, budget
):
    """Two TPU assessments of UPT1 alike but for the records behind their hints: one
    member, activity and month's tasks against 8 members and 8 activities with 288 tasks."""
    _records(tpu_assessment.cycle, admin, ketua_tim, member, unit_leader, 1)
    bigger = AssessmentFactory(
        actor=admin,
        cycle=CycleFactory(unit=tpu_assessment.unit, year=2025, stage="penilaian_pendahuluan"),
        lead=tpu_user,
    )
    _records(bigger.cycle, admin, ketua_tim, member, unit_leader, 8)
    client = client_for(tpu_user)
    small, small_body = _queries(client, path(tpu_assessment))
    big, big_body = _queries(client, path(bigger))
    assert "1 anggota tercatat" in small_body and "8 anggota tercatat" in big_body
    assert "96 dari 96" not in big_body and "dari 96 kegiatan terjadwal" in big_body
    assert "1 dari " in small_body and "8 dari 12 bulan" in big_body
    assert "64 dari 128 rekomendasi" in big_body
    assert big == small <= budget
