"""The declaration's stage guard (this module is found at start-up by ``apps.core``, like
every app's ``guards.py``)."""

from apps.cycles.services import register_stage_guard
from apps.cycles.stages import Stage

from .services import declaration_missing


@register_stage_guard(Stage.IDENTIFIKASI)
def charter_recorded(cycle, actor) -> str | None:
    """No identifikasi before the charter is recorded with its signed scan."""
    return declaration_missing(cycle)
