"""The one way an object changes state: declared transitions and ``transition()``.

A model's workflow is declared once, next to the services that use it::

    CYCLE_WORKFLOW = workflow.declare(
        Cycle,
        field="stage",
        transitions=[
            workflow.Transition(
                name="advance",
                source=workflow.ANY,
                target=None,  # given by the caller as to_state=
                capability="cycle.change_stage",
                action="cycle.stage_change",
                guards=(stage_guard_refusals,),
            ),
            ...
        ],
    )

``transition(instance, name, actor=..., reason=..., **context)`` then does, in one
``transaction.atomic``: lock the row (``select_for_update``), check the from-state
(refusing with an Indonesian message when somebody changed it meanwhile), ask the access
policy for the declared capability over the row's unit (``apps.core.access.can``; the
workflow names the unit with ``unit=`` and, for area-bound capabilities, the area with
``area=`` or the caller's ``area=`` keyword), run the guards (each returns a list of
Indonesian reasons; any reason refuses with ``ValidationError`` and nothing is saved),
set the state with ``save(update_fields=…)``, and write one ``StateChange`` row and the
audit event.

The capability is the coarse rule (who may do this kind of step in this unit); a
service keeps the narrower rules that depend on the row (the verifier of this level,
the lead of this assessment) as guards or checks of its own. ``actor=None`` is the
system (a beat task): no capability is asked. ``authorize(instance, name, actor)``
answers the same question for a page deciding whether to show the button. A guard or
effect receives the locked instance, the actor and the caller's keyword context.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from . import access
from .capabilities import Capability
from .exceptions import AccessDenied
from .models import StateChange

ANY: tuple[str, ...] = ("*",)
DEFAULT = object()  # audit_before not given: {state field: from-state}

Guard = Callable[..., Iterable[str]]
Effect = Callable[..., Iterable[str]]
# A capability, several (any of them allows the step), or a function of the locked row
# returning either (e.g. the assessment level decides who finalises).
CapabilitySpec = str | tuple[str, ...] | Callable[[models.Model], str | tuple[str, ...]]


@dataclass(frozen=True)
class Transition:
    """One named change of state.

    ``source``: the states it may start from (``ANY`` for every state).
    ``target``: the state it leads to; ``None`` when the caller names it
    (``to_state=``, e.g. a cycle's next stage) or, with ``keeps_state``, when the state
    stays (e.g. releasing a final result).
    ``capability``: who may do it, from ``apps.core.capabilities.Capability`` (a tuple:
    any of them; a callable of the row: decided by the row).
    ``guards``: ``guard(instance, *, actor, to_state, **context) -> list[str]``.
    ``effect``: ``effect(instance, *, actor, to_state, **context) -> field names`` sets
    the denormalised columns that go with the change (``submitted_at``, ``locked_by`` …)
    and returns their names for ``update_fields``.
    ``action``: the audit action written with the change.
    """

    name: str
    source: tuple[str, ...]
    target: str | None
    capability: CapabilitySpec
    action: str
    guards: tuple[Guard, ...] = ()
    effect: Effect | None = None
    keeps_state: bool = False


@dataclass
class Workflow:
    model: type[models.Model]
    field: str
    unit: Callable[[models.Model], Any]
    area: Callable[[models.Model], str | None] | None = None
    transitions: dict[str, Transition] = field(default_factory=dict)

    def get(self, name: str) -> Transition:
        try:
            return self.transitions[name]
        except KeyError:
            raise LookupError(f"{self.model._meta.label} has no transition {name!r}") from None


_WORKFLOWS: dict[str, Workflow] = {}


def _capabilities(spec: CapabilitySpec, instance: models.Model | None = None) -> tuple[str, ...]:
    if callable(spec):
        spec = spec(instance)
    names = (spec,) if isinstance(spec, str) else tuple(spec)
    for name in names:
        Capability(name)  # ValueError for a name the capability table does not know
    return names


def declare(
    model: type[models.Model],
    *,
    field: str,
    unit: Callable[[models.Model], Any],
    transitions: Sequence[Transition],
    area: Callable[[models.Model], str | None] | None = None,
) -> Workflow:
    """Declare ``model``'s transitions (once; declaring again replaces the declaration,
    so a module imported twice does no harm). The model gets it as ``model.workflow``.

    ``unit(row)`` is the unit the access policy is asked about; ``area(row)`` the change
    area for area-bound capabilities (the caller's ``area=`` keyword wins)."""
    names = [t.name for t in transitions]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate transition names on {model._meta.label}: {names}")
    for t in transitions:
        if not callable(t.capability):
            _capabilities(t.capability)
    workflow = Workflow(
        model=model,
        field=field,
        unit=unit,
        area=area,
        transitions={t.name: t for t in transitions},
    )
    _WORKFLOWS[model._meta.label] = workflow
    model.workflow = workflow
    return workflow


def workflow_of(model: type[models.Model] | models.Model) -> Workflow:
    try:
        return _WORKFLOWS[model._meta.label]
    except KeyError:
        raise LookupError(f"no workflow declared for {model._meta.label}") from None


def _area(workflow: Workflow, instance: models.Model, context: dict) -> str | None:
    if context.get("area"):
        return context["area"]
    return workflow.area(instance) if workflow.area is not None else None


def _asked(instance: models.Model, name: str, context: dict) -> tuple[tuple[str, ...], str | None]:
    """The capabilities transition ``name`` asks for on ``instance`` (any of them), and the
    area they are asked for."""
    workflow = workflow_of(instance)
    declared = workflow.get(name)
    return _capabilities(declared.capability, instance), _area(workflow, instance, context)


def _allowed(instance: models.Model, actor, capabilities: tuple[str, ...], area) -> bool:
    unit = workflow_of(instance).unit(instance)
    return any(access.can(actor, capability, unit, area) for capability in capabilities)


def authorize(instance: models.Model, name: str, actor, /, **context) -> bool:
    """Whether the access policy lets ``actor`` do transition ``name`` of ``instance``
    (its declared capability over the row's unit; the state and guards are not asked)."""
    return _allowed(instance, actor, *_asked(instance, name, context))


def _require(instance: models.Model, actor, capabilities: tuple[str, ...], area) -> None:
    if not _allowed(instance, actor, capabilities, area):
        unit = workflow_of(instance).unit(instance)
        raise AccessDenied(access.denied_message(actor, capabilities[0], unit, area))
    instance._workflow_authorized = (getattr(actor, "pk", None), capabilities, area)


def require(instance: models.Model, name: str, actor, /, **context) -> None:
    """``authorize`` or ``AccessDenied`` with the capability table's message. A service
    that must refuse before its own validation calls it first; ``transition`` then does
    not ask again for the same row, capabilities and actor."""
    _require(instance, actor, *_asked(instance, name, context))


def _atomic_token() -> int | None:
    connection = transaction.get_connection()
    return id(connection.atomic_blocks[0]) if connection.in_atomic_block else None


def lock(instance: models.Model, *, select_related: Sequence[str] = ()) -> models.Model:
    """The row of ``instance`` read again with ``SELECT … FOR UPDATE`` (inside the
    caller's transaction). ``transition()`` does not lock a row this returned again."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("workflow.lock() needs a transaction")
    queryset = type(instance)._base_manager.select_for_update(of=("self",))
    if select_related:
        queryset = queryset.select_related(*select_related)
    return mark_locked(queryset.get(pk=instance.pk))


def mark_locked(instance: models.Model) -> models.Model:
    """Tell ``transition()`` that the caller locked ``instance``'s row itself in the
    current transaction (with ``select_for_update``), so it is not read again."""
    instance._workflow_lock = _atomic_token()
    return instance


def _state_label(instance: models.Model, field_name: str, value: str) -> str:
    choices = dict(instance._meta.get_field(field_name).flatchoices)
    return str(choices.get(value, value or "–"))


def history_record(
    instance: models.Model,
    name: str,
    *,
    from_state: str,
    to_state: str,
    actor,
    reason: str = "",
    data: dict | None = None,
) -> StateChange:
    """Write one history row (``transition()`` does; so does an object's creation)."""
    return StateChange.objects.create(
        tenant_id=instance.tenant_id,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=instance.pk,
        transition=name,
        from_state=from_state or "",
        to_state=to_state,
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason or "",
        data=data or {},
    )


def history_of(instance: models.Model) -> models.QuerySet[StateChange]:
    """The object's history, oldest first (scoped to its agency)."""
    return StateChange.objects.filter(
        tenant_id=instance.tenant_id,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=instance.pk,
    ).order_by("created_at", "id")


def _tenant_of(instance: models.Model):
    """The instance's agency for the audit row, without a query when it is not loaded."""
    cached = instance._state.fields_cache.get("tenant")
    if cached is not None:
        return cached
    return instance._meta.get_field("tenant").related_model(pk=instance.tenant_id)


def transition(
    instance: models.Model,
    name: str,
    /,
    *,
    actor,
    reason: str = "",
    to_state: str | None = None,
    data: dict | None = None,
    audit_before: dict | object | None = DEFAULT,
    audit_after: Callable[[models.Model], dict] | dict | None = None,
    select_related: Sequence[str] = (),
    **context,
) -> models.Model:
    """Carry out transition ``name`` of ``instance``'s workflow; returns the locked,
    saved instance. Refusals raise ``ValidationError`` (state, guards) or
    ``AccessDenied`` (the authorize hook) and leave nothing written.

    ``data`` goes to the history row; ``audit_before``/``audit_after`` replace the
    default audit snapshot (``{field: from}`` / ``{field: to}``; ``audit_before=None``
    writes none);
    ``audit_after`` may be a callable of the saved instance."""
    workflow = workflow_of(instance)
    declared = workflow.get(name)
    state_field = workflow.field
    # A service that locked the row (``lock``/``mark_locked``) runs us inside its own
    # transaction: no savepoint of ours (a refusal fails that transaction, as the
    # service's own checks do). Called on its own, we open one (or a savepoint).
    locked_by_caller = getattr(instance, "_workflow_lock", None) == _atomic_token() is not None
    with transaction.atomic(savepoint=not locked_by_caller):
        seen = getattr(instance, state_field)
        locked = instance if locked_by_caller else lock(instance, select_related=select_related)
        current = getattr(locked, state_field)
        if current != seen:
            raise ValidationError(
                _(
                    "Status sudah berubah menjadi %(state)s sejak halaman ini dibuka; "
                    "muat ulang halaman lalu periksa kembali."
                )
                % {"state": _state_label(locked, state_field, current)}
            )
        if declared.source != ANY and current not in declared.source:
            raise ValidationError(
                _("Tindakan ini tidak dapat dilakukan pada status %(state)s.")
                % {"state": _state_label(locked, state_field, current)}
            )
        if declared.keeps_state:
            target = current
        else:
            target = declared.target if declared.target is not None else to_state
            if not target:
                raise ValueError(f"transition {name!r} needs to_state=")
        if actor is not None:
            capabilities, area = _asked(locked, name, context)
            asked = (getattr(actor, "pk", None), capabilities, area)
            if asked not in (
                getattr(instance, "_workflow_authorized", None),
                getattr(locked, "_workflow_authorized", None),
            ):
                _require(locked, actor, capabilities, area)
        refusals: list[str] = []
        for guard in declared.guards:
            refusals.extend(
                str(r) for r in guard(locked, actor=actor, to_state=target, **context) or () if r
            )
        if refusals:
            raise ValidationError(refusals)
        update_fields = [state_field]
        setattr(locked, state_field, target)
        if declared.effect is not None:
            update_fields.extend(
                declared.effect(locked, actor=actor, to_state=target, **context) or ()
            )
        if declared.keeps_state:
            update_fields.remove(state_field)
        if update_fields or not declared.keeps_state:
            # A step that keeps the state and writes nothing else (an area's approval,
            # recorded in its own row) saves nothing here.
            if any(f.name == "updated_at" for f in locked._meta.concrete_fields):
                update_fields.append("updated_at")
            locked.save(update_fields=list(dict.fromkeys(update_fields)))
        history_record(
            locked,
            name,
            from_state=current,
            to_state=target,
            actor=actor,
            reason=reason,
            data=data,
        )
        _observe(
            locked,
            name,
            actor=actor,
            from_state=current,
            to_state=target,
            reason=reason,
            context=context,
        )
        after = audit_after(locked) if callable(audit_after) else audit_after
        _audit(
            actor=actor,
            tenant=_tenant_of(locked),
            action=declared.action,
            instance=locked,
            before={state_field: current} if audit_before is DEFAULT else audit_before,
            after=after if after is not None else {state_field: target},
            reason=reason,
        )
    return locked


def announce(instance: models.Model, name: str, *, actor, **context) -> None:
    """Tell the observers of a step that is no state change (an item added, a pact
    signed, a roster imported) as ``transition`` tells them of one, in the caller's
    transaction: what keeps derived figures (the dashboard's summaries) in step hears of
    every change of the rows it counts."""
    _observe(instance, name, actor=actor, from_state="", to_state="", reason="", context=context)


def _observe(instance: models.Model, name: str, **kwargs) -> None:
    # Apps above core react to a step in its transaction (the notices of
    # apps.notifications.events): named in the settings, as the audit writer is.
    for path in settings.WORKFLOW_OBSERVERS:
        import_string(path)(instance, name, **kwargs)


def _audit(**kwargs) -> None:
    # The audit app sits above core (it knows users and agencies): core names its writer
    # in the settings (WORKFLOW_AUDIT_RECORDER) instead of importing it.
    import_string(settings.WORKFLOW_AUDIT_RECORDER)(**kwargs)
