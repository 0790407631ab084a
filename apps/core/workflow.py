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
(refusing with an Indonesian message when somebody changed it meanwhile), ask the
pluggable ``authorize`` hook for the declared capability, run the guards (each returns a
list of Indonesian reasons; any reason refuses with ``ValidationError`` and nothing is
saved), set the state with ``save(update_fields=…)``, and write one ``StateChange`` row
and the audit event.

The capability is a name only for now: services still check access where they always
did, and ``set_authorizer`` plugs the capability table in (``can(user, capability,
unit, area)``) once it exists. A guard or effect receives the locked instance, the actor
and the caller's keyword context.
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

from .exceptions import AccessDenied
from .models import StateChange

ANY: tuple[str, ...] = ("*",)
DEFAULT = object()  # audit_before not given: {state field: from-state}

Guard = Callable[..., Iterable[str]]
Effect = Callable[..., Iterable[str]]
Authorizer = Callable[[Any, str, models.Model], bool]


@dataclass(frozen=True)
class Transition:
    """One named change of state.

    ``source``: the states it may start from (``ANY`` for every state).
    ``target``: the state it leads to; ``None`` when the caller names it
    (``to_state=``, e.g. a cycle's next stage) or, with ``keeps_state``, when the state
    stays (e.g. releasing a final result).
    ``capability``: the access-policy name of who may do it (see ``set_authorizer``).
    ``guards``: ``guard(instance, *, actor, to_state, **context) -> list[str]``.
    ``effect``: ``effect(instance, *, actor, to_state, **context) -> field names`` sets
    the denormalised columns that go with the change (``submitted_at``, ``locked_by`` …)
    and returns their names for ``update_fields``.
    ``action``: the audit action written with the change.
    """

    name: str
    source: tuple[str, ...]
    target: str | None
    capability: str
    action: str
    guards: tuple[Guard, ...] = ()
    effect: Effect | None = None
    keeps_state: bool = False


@dataclass
class Workflow:
    model: type[models.Model]
    field: str
    transitions: dict[str, Transition] = field(default_factory=dict)

    def get(self, name: str) -> Transition:
        try:
            return self.transitions[name]
        except KeyError:
            raise LookupError(f"{self.model._meta.label} has no transition {name!r}") from None


_WORKFLOWS: dict[str, Workflow] = {}
_authorize: Authorizer | None = None


def declare(
    model: type[models.Model], *, field: str, transitions: Sequence[Transition]
) -> Workflow:
    """Declare ``model``'s transitions (once; declaring again replaces the declaration,
    so a module imported twice does no harm). The model gets it as ``model.workflow``."""
    names = [t.name for t in transitions]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate transition names on {model._meta.label}: {names}")
    workflow = Workflow(model=model, field=field, transitions={t.name: t for t in transitions})
    _WORKFLOWS[model._meta.label] = workflow
    model.workflow = workflow
    return workflow


def workflow_of(model: type[models.Model] | models.Model) -> Workflow:
    try:
        return _WORKFLOWS[model._meta.label]
    except KeyError:
        raise LookupError(f"no workflow declared for {model._meta.label}") from None


def set_authorizer(authorize: Authorizer | None) -> Authorizer | None:
    """Plug in ``authorize(actor, capability, instance) -> bool`` (the capability table);
    returns the previous one. ``None`` (the default) leaves access to the services."""
    global _authorize
    previous, _authorize = _authorize, authorize
    return previous


def _atomic_token() -> int | None:
    connection = transaction.get_connection()
    return id(connection.atomic_blocks[0]) if connection.in_atomic_block else None


def lock(instance: models.Model, *, select_related: Sequence[str] = ()) -> models.Model:
    """The row of ``instance`` read again with ``SELECT … FOR UPDATE`` (inside the
    caller's transaction). ``transition()`` does not lock a row this returned again."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("workflow.lock() needs a transaction")
    queryset = type(instance)._base_manager.select_for_update()
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
        if _authorize is not None and not _authorize(actor, declared.capability, locked):
            raise AccessDenied(_("Anda tidak berwenang melakukan tindakan ini."))
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


def _audit(**kwargs) -> None:
    # The audit app sits above core (it knows users and agencies): core names its writer
    # in the settings (WORKFLOW_AUDIT_RECORDER) instead of importing it.
    import_string(settings.WORKFLOW_AUDIT_RECORDER)(**kwargs)
