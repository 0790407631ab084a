"""The identification's stage guard: a cycle enters pembangunan only after the TPU has
declared its identification complete (the unit is then a Calon Unit Kerja)."""

from django.utils.translation import gettext as _

from apps.cycles.services import register_stage_guard

from .models import Identification, Status


@register_stage_guard("pembangunan")
def identification_complete(cycle, actor) -> str | None:
    if Identification.objects.filter(
        tenant_id=cycle.tenant_id, cycle_id=cycle.pk, status=Status.COMPLETE
    ).exists():
        return None
    return _("Identifikasi belum dinyatakan lengkap oleh TPU.")
