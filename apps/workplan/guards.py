"""Conditions this app adds to a cycle's stage changes (``register_stage_guard``; this
module is found at start-up by ``apps.core``, like every app's ``guards.py``)."""

from django.utils.translation import gettext as _

from apps.cycles.services import register_stage_guard
from apps.cycles.stages import Stage

from .models import PlanRevision


@register_stage_guard(Stage.PENILAIAN_PENDAHULUAN)
def plan_ratified(cycle, actor) -> str | None:
    """Penilaian pendahuluan assesses a year of building along a ratified work plan
    (seed 003, bagan alir steps 2–4): without one there is nothing to assess against."""
    if PlanRevision.objects.filter(
        tenant_id=cycle.tenant_id, cycle_id=cycle.pk, ratified_at__isnull=False
    ).exists():
        return None
    return _(
        "Rencana Kerja Pembangunan ZI siklus ini belum disahkan Pimpinan Unit; "
        "penilaian pendahuluan baru dapat dimulai setelah Rencana Kerja disahkan."
    )
