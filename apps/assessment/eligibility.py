"""May the cycle's unit be proposed to the TPI? (LKE_SCORING.md §6)

The facts the admin records (``CycleFacts``) and the final TPU assessment's scores go
through the engine's ``check_eligibility``; the same answer guards the stage change to
"usulan ke TPI" (``guards.eligible_for_tpi``), so no button or API can skip it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.access import Capability, can
from apps.core.exceptions import AccessDenied
from apps.cycles.models import Cycle, Stage
from apps.cycles.services import cycle_change_stage
from apps.lke.engine import DEFAULT_POLICY, EligibilityResult, UnitFacts, check_eligibility
from apps.lke.engine import model as m
from apps.lke.selectors import engine_template

from .models import CycleFacts
from .selectors import assessment_result, final_tpu


def _recorded_elsewhere(cycle: Cycle) -> dict:
    """Facts other features already hold for the cycle: the declaration date
    (apps.declaration) and the unit information of the TPU identification (FRM-03)."""
    from apps.declaration.models import Declaration
    from apps.identification.models import Identification

    facts: dict = {}
    declaration = Declaration.objects.filter(tenant_id=cycle.tenant_id, cycle=cycle).first()
    if declaration is not None:
        facts["declared_on"] = declaration.declared_on
    identification = Identification.objects.filter(tenant_id=cycle.tenant_id, cycle=cycle).first()
    if identification is not None:
        facts.update(
            sakip_grade=identification.sakip_grade,
            tlhp_percent=identification.tlhp_percent,
            lhkan_percent=identification.lhkan_percent,
            # Realisation of key targets in y-1, and the year before it.
            key_target_percent=identification.realisation_y1,
            key_target_prev_percent=identification.realisation_y2,
        )
    return facts


def unit_facts(cycle: Cycle, as_of=None) -> UnitFacts:
    """The facts the admin recorded for the eligibility; a fact left empty there is
    taken from the declaration and the identification of the same cycle."""
    recorded = CycleFacts.objects.filter(tenant_id=cycle.tenant_id, cycle=cycle).first()
    elsewhere = _recorded_elsewhere(cycle)
    tpu = final_tpu(cycle)
    pengungkit, area_percents = None, {}
    if tpu is not None:
        result = assessment_result(tpu)
        for component in result.components:
            if component.kind == m.PENGUNGKIT:
                pengungkit = result.rounded(component.score)
                area_percents = {a.code: result.rounded(a.percent) for a in component.areas}

    def get(name):
        value = getattr(recorded, name) if recorded is not None else None
        if value is None or value == "":
            value = elsewhere.get(name)
        return value

    return UnitFacts(
        as_of=as_of or timezone.localdate(),
        declared=get("declared_on"),
        building_start=get("building_start"),
        tpu_pengungkit=pengungkit,
        tpu_area_percents=area_percents,
        sakip_grade=get("sakip_grade") or None,
        tlhp_percent=get("tlhp_percent"),
        lhkan_percent=get("lhkan_percent"),
        key_target_percent=get("key_target_percent"),
        key_target_prev_percent=get("key_target_prev_percent"),
        holds_wbk_since=get("holds_wbk_since"),
        revoked_at=get("revoked_at"),
    )


def eligibility_for(cycle: Cycle, as_of=None) -> EligibilityResult:
    policy = engine_template(cycle.template).eligibility or DEFAULT_POLICY
    return check_eligibility(unit_facts(cycle, as_of), cycle.target.upper(), policy)


def refusal(result: EligibilityResult) -> str:
    return _("Unit belum memenuhi syarat usulan ke TPI: %(reasons)s") % {
        "reasons": " ".join(check.reason for check in result.failed)
    }


@transaction.atomic
def cycle_propose_tpi(*, actor, cycle: Cycle) -> Cycle:
    """ "Usulkan ke TPI": the cycle moves to usulan_tpi, only when eligible (the stage
    guard ``guards.eligible_for_tpi`` refuses otherwise, with every failed rule)."""
    if not can(actor, Capability.ASSESSMENT_MANAGE, cycle.unit):
        raise AccessDenied(_("Hanya Admin unit yang dapat mengusulkan unit ke TPI."))
    result = eligibility_for(cycle)
    if not result.eligible:
        raise ValidationError(refusal(result))
    return cycle_change_stage(
        actor=actor,
        cycle=cycle,
        to_stage=Stage.USULAN_TPI,
        reason=_("Memenuhi seluruh syarat usulan ke TPI (%(n)s syarat).")
        % {"n": len(result.checks)},
    )
