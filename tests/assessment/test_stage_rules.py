"""Stages and assessment levels are tied: the TPU assesses from penilaian pendahuluan on,
the TPI from evaluasi TPI on, and usulan ke TPN needs a released TPI result that meets
the cycle's target. Answers copied from the level below keep who answered them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope

from apps.assessment import services
from apps.assessment.models import Answer, Assessment
from apps.audit.models import AuditEvent
from apps.core.models import StateChange
from apps.cycles.services import cycle_change_stage
from apps.lke.models import Question
from tests.lke.support import TEMPLATES, best_answers

from .conftest import at_stage, save

pytestmark = pytest.mark.django_db


def open_(actor, cycle, level, lead, seed=False):
    with scope(tenant=cycle.tenant_id):
        return services.assessment_open(actor=actor, cycle=cycle, level=level, lead=lead, seed=seed)


def to_tpn(actor, cycle):
    with scope(tenant=cycle.tenant_id):
        return cycle_change_stage(
            actor=actor, cycle=cycle, to_stage="usulan_tpn", reason="Hasil TPI memenuhi."
        )


# --- a level only from its stage on -----------------------------------------------------


@pytest.mark.parametrize("stage", ["pencanangan", "identifikasi", "pembangunan"])
def test_a_tpu_assessment_cannot_be_opened_before_penilaian_pendahuluan(
    admin, cycle, tpu_user, stage
):
    at_stage(cycle, stage)
    with pytest.raises(ValidationError) as exc:
        open_(admin, cycle, "tpu", tpu_user)
    message = exc.value.message_dict["level"][0]
    assert "mulai tahap Penilaian pendahuluan" in message
    assert "masih di tahap" in message
    assert not Assessment.objects.exists()
    assert not AuditEvent.objects.filter(action="assessment.open").exists()


@pytest.mark.parametrize("stage", ["penilaian_pendahuluan", "evaluasi_tpi", "usulan_tpn"])
def test_a_tpu_assessment_opens_from_penilaian_pendahuluan_on(admin, cycle, tpu_user, stage):
    at_stage(cycle, stage)
    assert open_(admin, cycle, "tpu", tpu_user).level == "tpu"


@pytest.mark.parametrize("stage", ["pembangunan", "penilaian_pendahuluan", "usulan_tpi"])
def test_a_tpi_evaluation_cannot_be_opened_before_evaluasi_tpi(admin, cycle, tpi_user, stage):
    at_stage(cycle, stage)
    with pytest.raises(ValidationError) as exc:
        open_(admin, cycle, "tpi", tpi_user)
    assert (
        "Evaluasi TPI baru dapat dibuka mulai tahap Evaluasi TPI"
        in (exc.value.message_dict["level"][0])
    )
    assert not Assessment.objects.exists()


def test_a_tpi_evaluation_opens_at_evaluasi_tpi(admin, cycle, tpi_user):
    at_stage(cycle, "evaluasi_tpi")
    assert open_(admin, cycle, "tpi", tpi_user).level == "tpi"


def test_the_self_assessment_opens_while_building(admin, cycle, ketua_tim):
    at_stage(cycle, "pembangunan")
    assert open_(admin, cycle, "mandiri", ketua_tim).level == "mandiri"


def test_the_open_page_shows_the_stage_refusal_at_the_level_field(
    client_for, admin, cycle, tpu_user
):
    at_stage(cycle, "identifikasi")
    response = client_for(admin).post(
        reverse("assessment:cycle", args=[cycle.pk]), {"level": "tpu", "lead": tpu_user.pk}
    )
    assert response.status_code == 400
    assert "mulai tahap Penilaian pendahuluan" in response.content.decode()
    assert not Assessment.objects.exists()


# --- usulan ke TPN only with a released, sufficient TPI result --------------------------


def tpi_with(admin, cycle, lead, answers: dict, *, final=True, release=True):
    at_stage(cycle, "evaluasi_tpi")
    tpi = open_(admin, cycle, "tpi", lead)
    ids = dict(Question.objects.filter(version_id=tpi.template_id).values_list("code", "pk"))
    template = TEMPLATES["lke-2021"]
    Answer.objects.bulk_create(
        Answer(
            tenant_id=tpi.tenant_id,
            assessment=tpi,
            question_id=ids[code],
            value=services.validate_value(template, code, value),
            updated_by=lead,
        )
        for code, value in answers.items()
    )
    with scope(tenant=tpi.tenant_id):
        if final:
            services.assessment_finalise(actor=lead, assessment=tpi)
        if final and release:
            services.assessment_release(actor=lead, assessment=tpi)
    return tpi


def assert_refused(admin, cycle, text):
    with pytest.raises(ValidationError) as exc:
        to_tpn(admin, cycle)
    assert any(text in m for m in exc.value.messages), exc.value.messages
    cycle.refresh_from_db()
    assert cycle.stage == "evaluasi_tpi"
    assert not StateChange.objects.filter(to_state="usulan_tpn").exists()


def test_usulan_tpn_needs_a_tpi_evaluation(admin, cycle):
    at_stage(cycle, "evaluasi_tpi")
    assert_refused(admin, cycle, "Evaluasi TPI belum dibuka")


def test_usulan_tpn_needs_a_final_tpi_evaluation(admin, cycle, tpi_user):
    tpi_with(admin, cycle, tpi_user, {}, final=False)
    assert_refused(admin, cycle, "Evaluasi TPI belum final")


def test_usulan_tpn_needs_a_released_tpi_evaluation(admin, cycle, tpi_user):
    tpi_with(admin, cycle, tpi_user, best_answers(TEMPLATES["lke-2021"]), release=False)
    assert_refused(admin, cycle, "Evaluasi TPI belum dirilis")


def test_usulan_tpn_needs_a_tpi_result_that_meets_the_target(admin, cycle, tpi_user):
    tpi_with(admin, cycle, tpi_user, {"PPA1A": "Ya"})
    with pytest.raises(ValidationError) as exc:
        to_tpn(admin, cycle)
    (message,) = exc.value.messages
    assert message.startswith("Hasil TPI belum memenuhi syarat WBK: Nilai total ")
    assert " < 75" in message
    assert not StateChange.objects.filter(to_state="usulan_tpn").exists()


def test_a_released_tpi_result_that_meets_the_target_allows_usulan_tpn(admin, cycle, tpi_user):
    tpi_with(admin, cycle, tpi_user, best_answers(TEMPLATES["lke-2021"]))
    assert to_tpn(admin, cycle).stage == "usulan_tpn"
    assert StateChange.objects.get(to_state="usulan_tpn").actor == admin


def test_the_stage_page_shows_what_is_missing_for_usulan_tpn(client_for, admin, cycle):
    at_stage(cycle, "evaluasi_tpi")
    response = client_for(admin).post(
        reverse("cycles:stage", args=[cycle.pk]),
        {"to_stage": "usulan_tpn", "reason": "Usulkan"},
    )
    assert response.status_code == 400
    assert "Evaluasi TPI belum dibuka" in response.content.decode()


# --- copied answers keep their author ---------------------------------------------------


def test_answers_copied_from_the_level_below_keep_who_answered_them(
    client_for, admin, cycle, ketua_tim, tpu_user
):
    mandiri = open_(admin, cycle, "mandiri", ketua_tim)
    save(ketua_tim, mandiri, "PPA1A", "Ya")
    with scope(tenant=cycle.tenant_id):
        services.assessment_finalise(actor=ketua_tim, assessment=mandiri)
    tpu_assessment = open_(admin, cycle, "tpu", tpu_user, seed=True)
    copied = tpu_assessment.answers.get(question__code="PPA1A")
    assert copied.updated_by == ketua_tim  # not the admin who opened the level
    assert copied.copied_from == "mandiri"
    page = (
        client_for(tpu_user)
        .get(reverse("assessment:detail", args=[tpu_assessment.pk]))
        .content.decode()
    )
    assert "disalin dari Penilaian mandiri, dijawab oleh Ketua Tim Satu" in page
    assert "oleh Admin Alfa" not in page
    # The first change in this level makes it the TPU's own answer.
    changed = save(tpu_user, tpu_assessment, "PPA1A", "Tidak", version=1)
    assert (changed.updated_by, changed.copied_from) == (tpu_user, "")
