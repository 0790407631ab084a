"""Writes of ZI cycles: opening one and changing its stage.

A cycle's stage changes only through ``cycle_change_stage``: it checks the admin role,
the transition table (``stages.py``) and a reason, then runs the cycle's workflow
transition (``advance`` or ``correct``, ``apps.core.workflow``): every guard registered
for the target stage, the stage, one history row and the audit record, in the same
transaction.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core import workflow
from apps.core.access import Capability, can
from apps.core.exceptions import AccessDenied
from apps.lke.models import TemplateStatus, TemplateVersion
from apps.units.models import Unit

from ..models import Cycle, Target
from ..stages import BACK, Stage, next_stages
from .calendar import calendar_ensure

CYCLE_FIELDS = ["unit", "year", "name", "target", "template", "stage"]

# --- Stage guards -----------------------------------------------------------------------

StageGuard = Callable[[Cycle, Any], "str | None"]
_STAGE_GUARDS: dict[str, list[StageGuard]] = {}


def register_stage_guard(to_stage: str) -> Callable[[StageGuard], StageGuard]:
    """Decorator: ``guard(cycle, actor)`` is asked before every forward change into
    ``to_stage`` and returns an Indonesian message that refuses the change, or None.

    Later features register their conditions here from their ``guards.py`` module (found
    by ``apps.core`` at start-up: the declaration recorded before identifikasi, the work
    plan ratified, eligibility before usulan ke TPI …), so this module never needs to
    know them. They are the guards of the cycle's ``advance`` transition; corrections
    (one step back) are not guarded: they undo a step instead of claiming a new fact.
    """
    if to_stage not in Stage.values:
        raise ValueError(f"unknown stage: {to_stage!r}")

    def decorator(guard: StageGuard) -> StageGuard:
        guards = _STAGE_GUARDS.setdefault(to_stage, [])
        if guard not in guards:  # a module imported twice registers once
            guards.append(guard)
        return guard

    return decorator


def stage_guard_messages(cycle: Cycle, actor, to_stage: str) -> list[str]:
    """The messages of every guard of ``to_stage`` that refuses the change (all of them,
    so that the user sees everything that is missing at once)."""
    messages = []
    for guard in _STAGE_GUARDS.get(to_stage, ()):
        message = guard(cycle, actor)
        if message:
            messages.append(str(message))
    return messages


def _stage_guards(cycle: Cycle, *, actor, to_state: str, **context) -> list[str]:
    return stage_guard_messages(cycle, actor, to_state)


CYCLE_WORKFLOW = workflow.declare(
    Cycle,
    field="stage",
    unit=lambda cycle: cycle.unit,
    transitions=[
        # The stage table (stages.py) decides which stage follows which; the service
        # checks it (with its own messages) before asking for the transition.
        workflow.Transition(
            name="advance",
            source=workflow.ANY,
            target=None,
            capability=Capability.CYCLE_MANAGE,
            action=AuditAction.CYCLE_STAGE_CHANGE,
            guards=(_stage_guards,),
        ),
        workflow.Transition(
            name="correct",
            source=workflow.ANY,
            target=None,
            capability=Capability.CYCLE_MANAGE,
            action=AuditAction.CYCLE_STAGE_CORRECT,
        ),
    ],
)


# --- Cycles -----------------------------------------------------------------------------


def _require_admin(actor, unit: Unit) -> None:
    if not can(actor, Capability.CYCLE_MANAGE, unit):
        raise AccessDenied(
            _("Anda tidak berwenang mengelola siklus ZI unit %(unit)s.") % {"unit": unit.name}
        )


def _holds_wbk(unit: Unit, before_year: int) -> bool:
    """For now: a WBK cycle of an earlier year that was granted (and not revoked)."""
    return Cycle.objects.filter(
        tenant_id=unit.tenant_id,
        unit=unit,
        target=Target.WBK,
        stage=Stage.DITETAPKAN,
        year__lt=before_year,
    ).exists()


def _add_error(errors: dict[str, list], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


@transaction.atomic
def cycle_create(
    *,
    actor,
    unit: Unit,
    year: int,
    target: str,
    template: TemplateVersion,
    name: str = "",
    tenant=None,
) -> Cycle:
    """Open a unit's cycle for a year at stage pencanangan, bound to a published LKE
    version; makes sure the agency calendar of that year exists. The cycle belongs to the
    unit's agency; a caller acting for an agency (a page, the API) passes it as
    ``tenant`` and a unit of any other agency is refused (the database refuses it too)."""
    if tenant is not None and unit.tenant_id != tenant.pk:
        raise ValidationError(
            {
                "unit": _(
                    "Unit %(unit)s bukan milik instansi %(tenant)s; siklus ZI hanya dapat "
                    "dibuka untuk unit instansi itu sendiri."
                )
                % {"unit": unit.name, "tenant": tenant.name}
            }
        )
    _require_admin(actor, unit)
    errors: dict[str, list] = {}
    if not unit.is_active:
        _add_error(errors, "unit", _("Unit nonaktif tidak dapat membuka siklus ZI."))
    if not TemplateVersion.objects.filter(pk=template.pk, status=TemplateStatus.PUBLISHED).exists():
        _add_error(
            errors,
            "template",
            _("Versi template LKE %(code)s tidak berlaku; pilih versi yang berlaku.")
            % {"code": template.code},
        )
    cycle = Cycle(
        tenant_id=unit.tenant_id,
        unit=unit,
        year=year,
        target=target,
        template=template,
        name=(name or "").strip() or _("Pembangunan ZI %(year)s") % {"year": year},
        stage=Stage.PENCANANGAN,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    try:
        cycle.full_clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if (
        target == Target.WBBM
        and "year" not in errors
        and "target" not in errors
        and not _holds_wbk(unit, year)
    ):
        _add_error(
            errors,
            "target",
            _(
                "Target Menuju WBBM hanya untuk unit yang sudah berpredikat WBK: %(unit)s "
                "belum memiliki siklus WBK yang ditetapkan sebelum tahun %(year)s."
            )
            % {"unit": unit.name, "year": year},
        )
    if errors:
        raise ValidationError(errors)
    cycle.save()
    workflow.history_record(
        cycle,
        "open",
        from_state="",
        to_state=cycle.stage,
        actor=cycle.created_by,
        reason=_("Siklus dibuka."),
    )
    audit_record(
        actor=actor,
        tenant=unit.tenant,
        action=AuditAction.CYCLE_CREATE,
        instance=cycle,
        after=snapshot(cycle, CYCLE_FIELDS),
    )
    calendar_ensure(tenant=unit.tenant, year=cycle.year, actor=actor)
    return cycle


def came_from(cycle: Cycle) -> str | None:
    """The stage the cycle was in before its current one (from the log)."""
    return (
        workflow.history_of(cycle)
        .filter(to_state=cycle.stage)
        .order_by("-created_at", "-id")
        .values_list("from_state", flat=True)
        .first()
    )


def allowed_stages(cycle: Cycle) -> list[tuple[str, str]]:
    """The stages one change can reach, as (stage, FORWARD or BACK); guards not asked."""
    return next_stages(cycle.stage, came_from(cycle))


def _stage_label(stage: str) -> str:
    return str(Stage(stage).label) if stage in Stage.values else stage


@transaction.atomic
def cycle_change_stage(*, actor, cycle: Cycle, to_stage: str, reason: str) -> Cycle:
    """Move a cycle to another stage: forward along ``stages.py`` (guards asked), or one
    step back as a correction. A reason is always required; the change is logged."""
    # Lock first: two admins clicking at once must not both move from the same stage.
    cycle = workflow.lock(cycle)
    workflow.require(cycle, "advance", actor)
    reason = (reason or "").strip()
    to_stage = str(to_stage or "")
    errors: dict[str, list] = {}
    if not reason:
        _add_error(errors, "reason", _("Alasan perubahan tahap wajib diisi."))
    kind = None
    if to_stage not in Stage.values:
        _add_error(errors, "to_stage", _("Tahap tidak dikenal."))
    elif to_stage == cycle.stage:
        _add_error(
            errors,
            "to_stage",
            _("Siklus sudah berada di tahap %(stage)s.") % {"stage": _stage_label(to_stage)},
        )
    else:
        moves = next_stages(cycle.stage, came_from(cycle))
        kind = dict(moves).get(to_stage)
        if kind is None:
            choices = ", ".join(_stage_label(s) for s, _kind in moves) or _("tidak ada")
            _add_error(
                errors,
                "to_stage",
                _(
                    "Tahap %(from)s tidak dapat diubah menjadi %(to)s. "
                    "Tahap yang dapat dipilih: %(choices)s."
                )
                % {
                    "from": _stage_label(cycle.stage),
                    "to": _stage_label(to_stage),
                    "choices": choices,
                },
            )
    if errors:
        raise ValidationError(errors)
    return workflow.transition(
        cycle,
        "correct" if kind == BACK else "advance",
        actor=actor,
        to_state=to_stage,
        reason=reason,
    )
