"""Stage guards tying the cycle's stages to its assessments (this module is found at
start-up by ``apps.core``, like every app's ``guards.py``).

"Usulan ke TPI" only when the unit is eligible (LKE_SCORING.md §6, ``eligibility.py``);
"usulan ke TPN" only with a TPI evaluation that is final, released to the unit, and
whose result meets the predicate the cycle aims at (the LKE version's WBK/WBBM rules).
The opposite direction – a level opened only from its stage on – is checked where a
level is opened (``services.level_stage_problem``).
"""

from django.utils.translation import gettext as _

from apps.cycles.models import Cycle, Stage
from apps.cycles.services import register_stage_guard

from .eligibility import eligibility_for, refusal
from .models import Assessment, Level, Status
from .selectors import assessment_result
from .worksheet import rule_text


def target_shortfalls(assessment: Assessment) -> tuple[str, list[str]]:
    """The predicate code the cycle aims at and, per failed rule of it, "label figure <
    bound" (empty when the result meets it)."""
    result = assessment_result(assessment)
    codes = [p.code for p in result.template.predicates]
    target = assessment.cycle.target.upper()
    code = target if target in codes else codes[-1]
    lines = []
    for outcome in result.failed(code):
        text = rule_text(outcome)
        lines.append(f"{text['label']} {text['figure']} < {text['bound']}")
    return code, lines


@register_stage_guard(Stage.USULAN_TPI)
def eligible_for_tpi(cycle: Cycle, actor) -> str | None:
    result = eligibility_for(cycle)
    return None if result.eligible else refusal(result)


@register_stage_guard(Stage.USULAN_TPN)
def tpi_result_released_and_sufficient(cycle: Cycle, actor) -> str | None:
    tpi = (
        Assessment.objects.filter(tenant_id=cycle.tenant_id, cycle=cycle, level=Level.TPI)
        .select_related("template", "cycle")
        .first()
    )
    if tpi is None:
        return _("Evaluasi TPI belum dibuka: TPI harus menilai unit sebelum diusulkan ke TPN.")
    if tpi.status != Status.FINAL:
        return _("Evaluasi TPI belum final: ketua penilai TPI harus memfinalkannya.")
    if tpi.released_at is None:
        return _("Evaluasi TPI belum dirilis: ketua penilai TPI atau Admin unit harus merilisnya.")
    code, shortfalls = target_shortfalls(tpi)
    if shortfalls:
        return _("Hasil TPI belum memenuhi syarat %(target)s: %(rules)s.") % {
            "target": code,
            "rules": "; ".join(shortfalls),
        }
    return None
