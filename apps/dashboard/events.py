"""The workflow observer of the dashboard (``WORKFLOW_OBSERVERS``): a step of anything
that belongs to a cycle (the cycle itself, an evidence item, an assessment, a task, a
plan, a report, an identification) marks the cycle's summary row stale, in the step's
transaction; a step of a unit's staff (a roster import, a placement ended, a pact signed:
``workflow.announce``) marks every row of the unit. The beat job refreshes them within a
minute. No task is queued per step, so a broker outage loses nothing and a bulk
verification refreshes the cycle once."""

from apps.cycles.models import Cycle
from apps.units.models import Unit

from .summaries import mark_stale, mark_unit_stale


def observe(instance, name: str, **_kwargs) -> None:
    cycle_id = instance.pk if isinstance(instance, Cycle) else getattr(instance, "cycle_id", None)
    if cycle_id is not None:
        mark_stale(cycle_id)
        return
    unit_id = instance.pk if isinstance(instance, Unit) else getattr(instance, "unit_id", None)
    if unit_id is not None:
        mark_unit_stale(unit_id)
