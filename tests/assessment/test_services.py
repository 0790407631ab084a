"""Assessment services: opening, assignment with conflict-of-interest checks, answers
with optimistic concurrency and the engine's messages, lock/reopen, release, seeding
from the level below."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from apps.accounts.roles import Role
from apps.assessment import services
from apps.assessment.models import Answer, Assessment, Assignment
from apps.assessment.selectors import assessment_result
from apps.audit.models import AuditEvent
from apps.core.exceptions import AccessDenied
from apps.core.workflow import history_of
from tests.factories import UserFactory, grant

from .conftest import at_stage, save

pytestmark = pytest.mark.django_db


def open_(actor, cycle, level, lead, seed=False):
    with scope(tenant=cycle.tenant_id):
        return services.assessment_open(actor=actor, cycle=cycle, level=level, lead=lead, seed=seed)


def assign(actor, assessment, user, area=""):
    with scope(tenant=assessment.tenant_id):
        return services.assessor_assign(actor=actor, assessment=assessment, user=user, area=area)


def finalise(actor, assessment):
    with scope(tenant=assessment.tenant_id):
        return services.assessment_finalise(actor=actor, assessment=assessment)


# --- opening ----------------------------------------------------------------------------


def test_an_admin_opens_a_tpu_assessment_bound_to_the_cycles_version(admin, cycle, tpu_user):
    assessment = open_(admin, cycle, "tpu", tpu_user)
    assert assessment.template_id == cycle.template_id
    assert assessment.unit_id == cycle.unit_id and assessment.status == "draft"
    assert AuditEvent.objects.filter(action="assessment.open").count() == 1


def test_only_an_admin_of_the_unit_opens_assessments(member, tpu_user, cycle):
    with pytest.raises(AccessDenied):
        open_(tpu_user, cycle, "tpu", tpu_user)
    with pytest.raises(AccessDenied):
        open_(member, cycle, "mandiri", member)
    assert not Assessment.objects.exists()


def test_a_lead_with_a_role_in_the_unit_is_refused_for_conflict_of_interest(
    admin, cycle, conflicted_tpu
):
    with pytest.raises(ValidationError) as exc:
        open_(admin, cycle, "tpu", conflicted_tpu)
    message = exc.value.message_dict["lead"][0]
    assert "benturan kepentingan" in message and "UPT Satu" in message
    assert not Assessment.objects.exists()


def test_a_tpu_lead_must_hold_the_tpu_role_and_a_mandiri_lead_the_units_lead_role(
    admin, cycle, tpi_user, member, ketua_tim
):
    with pytest.raises(ValidationError) as exc:
        open_(admin, cycle, "tpu", tpi_user)
    assert "Penilai TPU" in exc.value.message_dict["lead"][0]
    with pytest.raises(ValidationError) as exc:
        open_(admin, cycle, "mandiri", member)
    assert "Ketua Tim" in exc.value.message_dict["lead"][0]
    assert open_(admin, cycle, "mandiri", ketua_tim).level == "mandiri"


def test_one_assessment_per_level(admin, cycle, tpu_user):
    open_(admin, cycle, "tpu", tpu_user)
    with pytest.raises(ValidationError) as exc:
        open_(admin, cycle, "tpu", tpu_user)
    assert "sudah memiliki penilaian pada tingkat ini" in str(exc.value)


# --- assignment and conflict of interest --------------------------------------------------


def test_the_lead_assigns_tpu_assessors_per_area(tpu_assessment, tpu_user, tree):
    third = UserFactory(full_name="Penilai TPU Tiga")
    grant(third, tree["es1"], Role.PENILAI_TPU, "SDM")
    assignment = assign(tpu_user, tpu_assessment, third, "sdm")
    assert assignment.area == "SDM"
    with pytest.raises(ValidationError) as exc:
        assign(tpu_user, tpu_assessment, third, "")
    assert "per area" in exc.value.message_dict["area"][0]
    with pytest.raises(ValidationError) as exc:
        assign(tpu_user, tpu_assessment, third, "XX")
    assert "tidak ada dalam LKE" in exc.value.message_dict["area"][0]


def test_an_assessor_holding_a_role_in_the_unit_cannot_be_assigned(
    tpu_assessment, tpu_user, conflicted_tpu
):
    with pytest.raises(ValidationError) as exc:
        assign(tpu_user, tpu_assessment, conflicted_tpu, "PW")
    message = exc.value.message_dict["user"][0]
    assert "Anggota Pokja (PW)" in message and "benturan kepentingan" in message
    assert not Assignment.objects.filter(user=conflicted_tpu).exists()


def test_a_role_in_a_unit_below_the_assessed_unit_is_a_conflict_too(admin, cycle, tree, lke):
    from apps.cycles.models import Cycle

    kanwil_cycle = Cycle.objects.create(
        tenant=tree["kanwil"].tenant,
        unit=tree["kanwil"],
        year=2026,
        name="ZI Kanwil",
        target="wbk",
        template=lke,
        stage="pembangunan",
    )
    person = UserFactory(full_name="Penilai dari UPT")
    grant(person, tree["es1"], Role.PENILAI_TPU, "MP")
    grant(person, tree["upt"], Role.SEKRETARIS)
    with pytest.raises(ValidationError) as exc:
        open_(admin, kanwil_cycle, "tpu", person)
    assert "benturan kepentingan" in exc.value.message_dict["lead"][0]


def test_tpi_assessors_are_assigned_per_unit(admin, cycle, tpi_user, tree):
    at_stage(cycle, "evaluasi_tpi")
    tpi = open_(admin, cycle, "tpi", tpi_user)
    other = UserFactory(full_name="Penilai TPI Dua")
    grant(other, tree["root"], Role.PENILAI_TPI)
    with pytest.raises(ValidationError) as exc:
        assign(tpi_user, tpi, other, "MP")
    assert "seluruh unit" in exc.value.message_dict["area"][0]
    assert assign(tpi_user, tpi, other).area == ""


def test_an_assessor_without_the_level_role_cannot_be_assigned(tpu_assessment, tpu_user, verifier):
    with pytest.raises(ValidationError) as exc:
        assign(tpu_user, tpu_assessment, verifier, "MP")
    assert "Penilai TPU" in exc.value.message_dict["user"][0]


def test_only_the_lead_or_an_admin_assigns(tpu_assessment, tpu_user_tl, tree):
    third = UserFactory()
    grant(third, tree["es1"], Role.PENILAI_TPU, "AK")
    with pytest.raises(AccessDenied):
        assign(tpu_user_tl, tpu_assessment, third, "AK")


# --- answers ----------------------------------------------------------------------------


def test_answers_are_stored_in_the_engines_canonical_form(tpu_assessment, tpu_user):
    assert save(tpu_user, tpu_assessment, "PPA1A", " ya ").value == "Ya"
    assert save(tpu_user, tpu_assessment, "HBA", "3.70").value == "3.7"
    counts = save(tpu_user, tpu_assessment, "PRA1A", {"agents": "4", "changes": "3"})
    assert counts.value == {"agents": 4, "changes": 3}
    result = assessment_result(tpu_assessment)
    assert result.answered == 3


def test_an_answer_outside_the_option_set_is_refused_with_the_engines_message(
    tpu_assessment, tpu_user
):
    with pytest.raises(ValidationError) as exc:
        save(tpu_user, tpu_assessment, "PPA1B", "D")
    assert "pilihan 'D' tidak tersedia" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        save(tpu_user, tpu_assessment, "HBA", "5")
    assert "di luar rentang 0–4" in str(exc.value)
    assert not Answer.objects.exists()


def test_negative_counts_are_refused_and_nothing_is_saved(tpu_assessment, tpu_user):
    with pytest.raises(ValidationError) as exc:
        save(tpu_user, tpu_assessment, "PRA1A", {"agents": "-1", "changes": "3"})
    assert "tidak boleh negatif" in str(exc.value)
    assert not Answer.objects.exists()
    assert not AuditEvent.objects.filter(action="assessment.answer").exists()


def test_a_stale_version_is_a_conflict_naming_who_changed_it(tpu_assessment, tpu_user, tpu_user_tl):
    first = save(tpu_user, tpu_assessment, "PPB1A", "A")  # TL: both may answer it
    assert first.version == 1
    second = save(tpu_user_tl, tpu_assessment, "PPB1A", "B", version=1)
    assert second.version == 2
    with pytest.raises(services.AnswerConflict) as exc:
        save(tpu_user, tpu_assessment, "PPB1A", "A", version=1, note="menurut saya lengkap")
    assert "sudah diubah oleh Penilai TPU Dua" in str(exc.value)
    answer = Answer.objects.get()
    assert (answer.value, answer.note, answer.version) == ("B", "", 2)


def test_two_first_saves_of_one_question_conflict_too(tpu_assessment, tpu_user, tpu_user_tl):
    assign(tpu_user, tpu_assessment, tpu_user_tl, "MP")
    save(tpu_user_tl, tpu_assessment, "PPA1A", "Tidak")
    with pytest.raises(services.AnswerConflict):
        save(tpu_user, tpu_assessment, "PPA1A", "Ya", version=0)
    assert Answer.objects.get().value == "Tidak"


def test_an_assessor_answers_only_their_area(tpu_assessment, tpu_user_tl):
    with pytest.raises(AccessDenied) as exc:
        save(tpu_user_tl, tpu_assessment, "PPA1A", "Ya")  # MP
    assert "area TL" in str(exc.value) and "PPA1A" in str(exc.value)
    assert save(tpu_user_tl, tpu_assessment, "PPB1A", "A").value == "A"  # TL
    assert list(Answer.objects.values_list("question__code", flat=True)) == ["PPB1A"]


def test_people_not_assigned_cannot_answer(tpu_assessment, member, admin):
    for person in (member, admin):
        with pytest.raises(AccessDenied):
            save(person, tpu_assessment, "PPA1A", "Ya")
    assert not Answer.objects.exists()


def test_a_role_in_the_unit_given_after_the_assignment_blocks_answers(
    tpu_assessment, tpu_user_tl, tree
):
    grant(tpu_user_tl, tree["upt"], Role.ANGGOTA_POKJA, "TL")
    with pytest.raises(AccessDenied) as exc:
        save(tpu_user_tl, tpu_assessment, "PPB1A", "A")
    assert "benturan kepentingan" in str(exc.value)


def test_a_recommendation_needs_its_text(tpu_assessment, tpu_user):
    with pytest.raises(ValidationError) as exc:
        save(tpu_user, tpu_assessment, "PPA1A", "Ya", rec=True)
    assert "rekomendasi" in str(exc.value)
    saved = save(tpu_user, tpu_assessment, "PPA1A", "Ya", note="Lengkapi SK tim.", rec=True)
    assert saved.is_recommendation


# --- lock, reopen, release ------------------------------------------------------------------


def test_the_lead_finalises_and_then_nothing_changes(tpu_assessment, tpu_user, tpu_user_tl):
    save(tpu_user, tpu_assessment, "PPA1A", "Ya")
    with pytest.raises(AccessDenied):
        finalise(tpu_user_tl, tpu_assessment)
    finalise(tpu_user, tpu_assessment)
    tpu_assessment.refresh_from_db()
    assert tpu_assessment.status == "final" and tpu_assessment.locked_by == tpu_user
    with pytest.raises(ValidationError) as exc:
        save(tpu_user, tpu_assessment, "PPA1A", "Tidak", version=1)
    assert "sudah final dan dikunci" in str(exc.value)
    assert Answer.objects.get().value == "Ya"


def test_reopening_needs_an_admin_and_a_reason_and_is_logged(tpu_assessment, tpu_user, admin):
    finalise(tpu_user, tpu_assessment)
    with scope(tenant=tpu_assessment.tenant_id):
        services.assessment_release(actor=tpu_user, assessment=tpu_assessment)
        with pytest.raises(AccessDenied):
            services.assessment_reopen(actor=tpu_user, assessment=tpu_assessment, reason="salah")
        with pytest.raises(ValidationError) as exc:
            services.assessment_reopen(actor=admin, assessment=tpu_assessment, reason="  ")
        assert "Alasan" in str(exc.value)
        services.assessment_reopen(
            actor=admin, assessment=tpu_assessment, reason="Bukti PW terlambat masuk."
        )
    tpu_assessment.refresh_from_db()
    assert (
        tpu_assessment.status == "draft"
        and tpu_assessment.released_at is None
        and tpu_assessment.locked_at is None
    )
    log = history_of(tpu_assessment).get(transition="reopen")
    assert log.actor == admin and log.reason == "Bukti PW terlambat masuk."
    assert (log.from_state, log.to_state) == ("final", "draft") and log.data["locked_at"]
    assert list(history_of(tpu_assessment).values_list("transition", flat=True)) == [
        "finalise",
        "release",
        "reopen",
    ]
    assert AuditEvent.objects.get(action="assessment.reopen").reason == log.reason
    assert save(tpu_user, tpu_assessment, "PPA1A", "Ya").version == 1


def test_release_needs_a_final_assessment(tpu_assessment, tpu_user):
    with scope(tenant=tpu_assessment.tenant_id), pytest.raises(ValidationError) as exc:
        services.assessment_release(actor=tpu_user, assessment=tpu_assessment)
    assert "Finalkan" in str(exc.value)


# --- seeding from the level below ---------------------------------------------------------


def test_a_level_starts_from_the_final_answers_of_the_level_below(
    admin, cycle, ketua_tim, tpu_user
):
    mandiri = open_(admin, cycle, "mandiri", ketua_tim)
    save(ketua_tim, mandiri, "PPA1A", "Ya", note="catatan unit")
    save(ketua_tim, mandiri, "PRA1A", {"agents": 4, "changes": 2})
    with pytest.raises(ValidationError) as exc:
        open_(admin, cycle, "tpu", tpu_user, seed=True)
    assert "belum final" in exc.value.message_dict["seed"][0]
    assert not Assessment.objects.filter(level="tpu").exists()
    finalise(ketua_tim, mandiri)
    tpu_assessment = open_(admin, cycle, "tpu", tpu_user, seed=True)
    copied = {
        a.question.code: (a.value, a.note)
        for a in tpu_assessment.answers.select_related("question")
    }
    assert copied == {"PPA1A": ("Ya", ""), "PRA1A": ({"agents": 4, "changes": 2}, "")}
    # The layers are separate: the TPU's change leaves the unit's answer as it was.
    save(tpu_user, tpu_assessment, "PPA1A", "Tidak", version=1)
    assert mandiri.answers.get(question__code="PPA1A").value == "Ya"


def test_mandiri_is_assessed_by_the_units_own_people(admin, cycle, ketua_tim, member, tpu_user):
    mandiri = open_(admin, cycle, "mandiri", ketua_tim)
    assert assign(ketua_tim, mandiri, member, "MP").area == "MP"
    with pytest.raises(ValidationError) as exc:
        assign(ketua_tim, mandiri, tpu_user, "MP")
    assert "tim unit itu sendiri" in exc.value.message_dict["user"][0]
    assert save(member, mandiri, "PPA1A", "Ya").value == "Ya"
