"""Eligibility for the TPI from the recorded facts and the final TPU assessment; the
"Usulkan ke TPI" action and the stage guard refuse an ineligible unit."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django_scopes import scope

from apps.assessment import services
from apps.assessment.eligibility import cycle_propose_tpi, eligibility_for
from apps.assessment.models import Answer, CycleFacts
from apps.core.exceptions import AccessDenied
from apps.core.models import StateChange
from apps.cycles.services import cycle_change_stage
from apps.lke.models import Question
from tests.lke.support import TEMPLATES, best_answers

pytestmark = pytest.mark.django_db

GOOD_FACTS = {
    "declared_on": date(2025, 1, 15),
    "building_start": date(2025, 2, 1),
    "sakip_grade": "BB",
    "tlhp_percent": Decimal("100"),
    "lhkan_percent": Decimal("100"),
    "key_target_percent": Decimal("100"),
}


def record(admin, cycle, **facts):
    with scope(tenant=cycle.tenant_id):
        return services.cycle_facts_update(actor=admin, cycle=cycle, **facts)


def final_tpu_with(tpu_assessment, lead, **overrides):
    template = TEMPLATES["lke-2021"]
    ids = dict(
        Question.objects.filter(version_id=tpu_assessment.template_id).values_list("code", "pk")
    )
    Answer.objects.bulk_create(
        Answer(
            tenant_id=tpu_assessment.tenant_id,
            assessment=tpu_assessment,
            question_id=ids[code],
            value=services.validate_value(template, code, value),
            updated_by=lead,
        )
        for code, value in best_answers(template, **overrides).items()
    )
    with scope(tenant=tpu_assessment.tenant_id):
        services.assessment_finalise(actor=lead, assessment=tpu_assessment)


@pytest.fixture
def at_preliminary(cycle):
    cycle.stage = "penilaian_pendahuluan"
    cycle.save(update_fields=["stage"])
    return cycle


def test_without_facts_every_rule_says_what_is_missing(cycle):
    with scope(tenant=cycle.tenant_id):
        result = eligibility_for(cycle, as_of=date(2026, 3, 1))
    assert not result.eligible
    reasons = {c.code: c.reason for c in result.checks}
    assert reasons["pencanangan"] == "Unit belum melakukan pencanangan pembangunan ZI."
    assert reasons["pengungkit"] == "Nilai pengungkit penilaian pendahuluan belum dicatat."
    assert "SAKIP belum dicatat" in reasons["sakip"]


def test_the_tpu_result_and_recorded_facts_make_a_unit_eligible(
    admin, tpu_assessment, tpu_user, cycle
):
    record(admin, cycle, **GOOD_FACTS)
    final_tpu_with(tpu_assessment, tpu_user)
    with scope(tenant=cycle.tenant_id):
        result = eligibility_for(cycle, as_of=date(2026, 3, 1))
    assert result.eligible, [c.reason for c in result.failed]
    assert {c.code: c.passed for c in result.checks}["pengungkit"]


def test_a_weak_area_and_a_low_sakip_fail_with_their_figures(
    admin, tpu_assessment, tpu_user, cycle
):
    record(admin, cycle, **{**GOOD_FACTS, "sakip_grade": "CC"})
    # Every MP pemenuhan question answered worst: MP falls below 60 % of its weight.
    template = TEMPLATES["lke-2021"]
    worst = {
        code: min(q.options, key=lambda o: o.value).code
        for code, q in template.questions.items()
        if q.area_code == "MP" and q.options
    }
    final_tpu_with(tpu_assessment, tpu_user, **worst)
    with scope(tenant=cycle.tenant_id):
        result = eligibility_for(cycle, as_of=date(2026, 3, 1))
    failed = {c.code: c.reason for c in result.failed}
    assert "MP" in failed["area_min"] and "60,00%" in failed["area_min"]
    assert failed["sakip"] == "Nilai SAKIP CC, di bawah minimal B."


def test_proposing_an_ineligible_unit_is_refused_and_the_stage_stays(admin, at_preliminary):
    with scope(tenant=at_preliminary.tenant_id), pytest.raises(ValidationError) as exc:
        cycle_propose_tpi(actor=admin, cycle=at_preliminary)
    assert "belum memenuhi syarat usulan ke TPI" in str(exc.value)
    at_preliminary.refresh_from_db()
    assert at_preliminary.stage == "penilaian_pendahuluan"


def test_the_stage_guard_refuses_even_a_direct_stage_change(admin, at_preliminary):
    with scope(tenant=at_preliminary.tenant_id), pytest.raises(ValidationError) as exc:
        cycle_change_stage(
            actor=admin, cycle=at_preliminary, to_stage="usulan_tpi", reason="langsung saja"
        )
    assert "belum memenuhi syarat usulan ke TPI" in str(exc.value)
    assert not StateChange.objects.filter(to_state="usulan_tpi").exists()


def test_an_eligible_unit_is_proposed_and_the_cycle_moves(
    client_for, admin, tpu_assessment, tpu_user, at_preliminary
):
    today = date.today()
    record(
        admin,
        at_preliminary,
        **{
            **GOOD_FACTS,
            "declared_on": today - timedelta(days=500),
            "building_start": today - timedelta(days=400),
        },
    )
    final_tpu_with(tpu_assessment, tpu_user)
    page = client_for(admin).get(reverse("assessment:cycle", args=[at_preliminary.pk]))
    assert 'data-testid="propose"' in page.content.decode()
    response = client_for(admin).post(reverse("assessment:propose", args=[at_preliminary.pk]))
    assert response.status_code == 302
    at_preliminary.refresh_from_db()
    assert at_preliminary.stage == "usulan_tpi"
    assert StateChange.objects.get(to_state="usulan_tpi").actor == admin


def test_only_an_admin_records_facts_or_proposes(member, cycle, at_preliminary, client_for):
    with scope(tenant=cycle.tenant_id), pytest.raises(AccessDenied):
        services.cycle_facts_update(actor=member, cycle=cycle, sakip_grade="A")
    response = client_for(member).post(reverse("assessment:propose", args=[cycle.pk]))
    assert response.status_code == 403
    assert not CycleFacts.objects.exists()


def test_facts_out_of_range_are_refused_with_a_message(client_for, admin, cycle):
    response = client_for(admin).post(
        reverse("assessment:facts", args=[cycle.pk]),
        {"tlhp_percent": "120", "lhkan_percent": "-5", "sakip_grade": "ZZ"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "antara 0 dan 100" in body
    assert not CycleFacts.objects.exists()


@pytest.mark.parametrize("field", ["key_target_percent", "key_target_prev_percent"])
def test_key_target_realisation_may_exceed_100_up_to_1000_percent(admin, cycle, field):
    """The identification's bound: achievement may pass its target, a typing slip not."""
    assert getattr(record(admin, cycle, **{field: Decimal("112.50")}), field) == Decimal("112.50")
    assert getattr(record(admin, cycle, **{field: Decimal("1000")}), field) == Decimal("1000")
    for wrong in (Decimal("1000.01"), Decimal("9875"), Decimal("-1")):
        with pytest.raises(ValidationError) as exc:
            record(admin, cycle, **{field: wrong})
        assert exc.value.message_dict[field]
    assert getattr(CycleFacts.objects.get(), field) == Decimal("1000")


@pytest.mark.parametrize("field", ["key_target_percent", "key_target_prev_percent"])
def test_the_database_refuses_key_target_realisation_above_1000_percent(admin, cycle, field):
    facts = record(admin, cycle, **{field: Decimal("100")})
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        CycleFacts.objects.filter(pk=facts.pk).update(**{field: Decimal("1000.01")})
    assert f"cycle_facts_{field}_0_1000" in str(exc.value)


def test_the_facts_page_states_and_applies_the_realisation_bound(client_for, admin, cycle):
    client = client_for(admin)
    page = client.get(reverse("assessment:facts", args=[cycle.pk])).content.decode()
    assert "lebih dari 100 bila target terlampaui" in page
    response = client.post(
        reverse("assessment:facts", args=[cycle.pk]), {"key_target_percent": "9875"}
    )
    assert response.status_code == 400
    assert "harus antara 0 dan 1000 persen" in response.content.decode()
    assert not CycleFacts.objects.exists()
    response = client.post(
        reverse("assessment:facts", args=[cycle.pk]), {"key_target_percent": "150"}
    )
    assert response.status_code == 302
    assert CycleFacts.objects.get().key_target_percent == Decimal("150")


def test_facts_page_other_tenant_is_404(client_for, other_admin, cycle):
    assert (
        client_for(other_admin).get(reverse("assessment:facts", args=[cycle.pk])).status_code == 404
    )


def test_facts_not_recorded_here_come_from_the_identification(admin, cycle):
    from apps.identification.models import Identification

    Identification.objects.create(
        tenant_id=cycle.tenant_id,
        cycle=cycle,
        unit=cycle.unit,
        lhkan_percent=Decimal("100"),
        tlhp_percent=Decimal("95.5"),
        sakip_grade="BB",
        realisation_y1=Decimal("100"),
        created_by=admin,
    )
    with scope(tenant=cycle.tenant_id):
        checks = {c.code: c for c in eligibility_for(cycle, as_of=date(2026, 3, 1)).checks}
    assert checks["lhkan"].passed and checks["sakip"].passed and checks["kinerja_utama"].passed
    assert not checks["tlhp"].passed and "95,50%" in checks["tlhp"].reason
    # A fact the admin records here takes precedence.
    record(admin, cycle, tlhp_percent=Decimal("100"))
    with scope(tenant=cycle.tenant_id):
        checks = {c.code: c for c in eligibility_for(cycle, as_of=date(2026, 3, 1)).checks}
    assert checks["tlhp"].passed and checks["sakip"].passed
