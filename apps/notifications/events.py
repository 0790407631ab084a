"""Notices for workflow steps: rules per (model, transition), run inside the step.

``apps.core.workflow.transition`` calls the observers named in ``WORKFLOW_OBSERVERS``
after it saved the new state and wrote the history row, in the same transaction; this
module's ``observe`` is one of them. An app says who is told of its steps in its own
``notices.py`` (imported by its ``AppConfig.ready``)::

    @on_transition(EvidenceItem, "return")
    def item_returned(item, *, actor, from_state, to_state, reason, context):
        notify([item.created_by], Notice.about(item, kind=Kind.EVIDENCE_RETURNED, ...),
               exclude=actor)

A rule raising fails the step (a bug surfaces in the step's tests, not as a silent loss).
"""

from collections import defaultdict
from collections.abc import Callable

from django.db import models

Rule = Callable[..., None]

_RULES: dict[tuple[str, str], list[Rule]] = defaultdict(list)


def on_transition(model: type[models.Model], *names: str):
    """Register the decorated function for transitions ``names`` of ``model``."""

    def register(rule: Rule) -> Rule:
        for name in names:
            if rule not in _RULES[(model._meta.label, name)]:
                _RULES[(model._meta.label, name)].append(rule)
        return rule

    return register


def observe(instance, name: str, *, actor, from_state: str, to_state: str, reason: str, context):
    """Run the rules registered for ``name`` of ``instance``'s model (the workflow hook)."""
    for rule in _RULES.get((instance._meta.label, name), ()):
        rule(
            instance,
            actor=actor,
            from_state=from_state,
            to_state=to_state,
            reason=reason,
            context=context,
        )


def rules_for(model: type[models.Model], name: str) -> list[Rule]:
    return list(_RULES.get((model._meta.label, name), ()))
