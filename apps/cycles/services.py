"""Writes of ZI cycles and of the agency calendar.

A cycle's stage changes only through ``cycle_change_stage``: it checks the admin role,
the transition table (``stages.py``) and a reason, then runs the cycle's workflow
transition (``advance`` or ``correct``, ``apps.core.workflow``): every guard registered
for the target stage, the stage, one history row and the audit record, in the same
transaction.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
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

from .models import CalendarEntry, Cycle, Target, validate_year
from .stages import BACK, Stage, next_stages

CYCLE_FIELDS = ["unit", "year", "name", "target", "template", "stage"]
CALENDAR_FIELDS = ["label", "starts_on", "due_on", "note"]

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


# --- Agency calendar --------------------------------------------------------------------

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

# The calendar entry that holds each stage's deadline (for the stepper and later features).
STAGE_CALENDAR_KEYS = {
    Stage.PENCANANGAN: "pencanangan",
    Stage.IDENTIFIKASI: "identifikasi",
    Stage.PEMBANGUNAN: "input_bukti",
    Stage.PENILAIAN_PENDAHULUAN: "penilaian_pendahuluan",
    Stage.USULAN_TPI: "usulan_tpi",
    Stage.EVALUASI_TPI: "evaluasi_tpi",
    Stage.USULAN_TPN: "usulan_tpn",
    Stage.DITETAPKAN: "penetapan",
    Stage.TIDAK_DITETAPKAN: "penetapan",
}


@dataclass(frozen=True)
class DefaultEntry:
    key: str
    label: str
    starts_on: date | None
    due_on: date
    note: str
    order: int


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def calendar_default_entries(year: int) -> list[DefaultEntry]:
    """The default deadlines of ``year``: seed 002's agency calendar (DOMAIN.md §4) and
    the report deadlines of §7. The labels are stored data in the agency's language
    (Bahasa Indonesia), edited by its admins, not interface text."""
    y = year
    rows: list[tuple[str, str, date | None, date, str]] = [
        (
            "survei",
            "Survei persepsi anti korupsi dan kualitas pelayanan",
            date(y - 1, 10, 1),
            date(y - 1, 11, 30),
            "Survei berbasis aplikasi di seluruh unit, tahun sebelumnya.",
        ),
        ("hasil_survei", "Hasil survei", date(y - 1, 12, 1), date(y - 1, 12, 31), ""),
        (
            "pembentukan_tim",
            "Pembentukan Tim Kerja, Tim Penilai Pendahuluan dan TPI",
            date(y, 1, 1),
            date(y, 1, 31),
            "",
        ),
        (
            "pencanangan",
            "Pencanangan Pembangunan ZI dan penandatanganan Pakta Integritas",
            date(y, 1, 1),
            date(y, 1, 31),
            "",
        ),
        (
            "identifikasi",
            "Identifikasi unit kerja oleh TPU",
            date(y, 1, 15),
            date(y, 2, 14),
            "Hanya untuk unit yang baru mengusulkan pembangunan ZI.",
        ),
        (
            "input_bukti",
            "Pembangunan ZI: input dan verifikasi bukti dukung enam area perubahan",
            date(y, 1, 1),
            date(y, 3, 31),
            "",
        ),
        (
            "penilaian_pendahuluan",
            "Penilaian pendahuluan oleh TPU",
            date(y, 3, 1),
            date(y, 3, 7),
            "",
        ),
        (
            "usulan_tpi",
            "Penyerahan hasil penilaian pendahuluan dan usulan unit ke TPI",
            date(y, 3, 8),
            date(y, 3, 14),
            "Paling lambat minggu ke-2 Maret.",
        ),
        (
            "evaluasi_tpi",
            "Penilaian calon unit WBK/WBBM oleh TPI",
            date(y, 3, 15),
            date(y, 5, 31),
            "Minggu ke-3 Maret sampai Mei.",
        ),
        (
            "usulan_tpn",
            "Pengajuan usulan ke TPN melalui PMPZI",
            None,
            date(y, 5, 31),
            "Paling lambat 31 Mei.",
        ),
        ("evaluasi_tpn", "Reviu oleh TPN", date(y, 6, 1), date(y, 11, 30), ""),
        ("penetapan", "Penetapan unit berpredikat WBK/WBBM", date(y, 12, 1), date(y, 12, 31), ""),
    ]
    for month in range(1, 13):
        rows.append(
            (
                f"laporan_monev_{month:02d}",
                f"Laporan monev bulan {MONTHS[month - 1]} {y}",
                None,
                date(y + month // 12, month % 12 + 1, 5),
                "Paling lambat tanggal 5 bulan berikutnya.",
            )
        )
    for quarter in range(1, 5):
        rows.append(
            (
                f"laporan_agen_tw{quarter}",
                f"Laporan triwulan {quarter} Agen Perubahan {y}",
                None,
                _month_end(y, quarter * 3) + timedelta(days=10),
                "10 hari setelah akhir triwulan.",
            )
        )
    rows.append(
        (
            "laporan_zi",
            f"Laporan Pembangunan ZI tahun {y}",
            date(y + 1, 1, 8),
            date(y + 1, 1, 14),
            "Paling lambat minggu ke-2 Januari tahun berikutnya.",
        )
    )
    return [
        DefaultEntry(key, label, starts_on, due_on, note, order)
        for order, (key, label, starts_on, due_on, note) in enumerate(rows, start=1)
    ]


@transaction.atomic
def calendar_ensure(*, tenant, year: int, actor=None) -> list[CalendarEntry]:
    """Create the default entries of ``year`` the agency does not have yet (never
    changes an existing one). Returns the entries created."""
    try:
        validate_year(year)
    except ValidationError as exc:
        raise ValidationError({"year": exc.messages}) from None
    existing = set(
        CalendarEntry.objects.filter(tenant=tenant, year=year).values_list("key", flat=True)
    )
    missing = [
        CalendarEntry(tenant=tenant, year=year, **asdict(default))
        for default in calendar_default_entries(year)
        if default.key not in existing
    ]
    if not missing:
        return []
    # ignore_conflicts: a concurrent request may be filling the same year.
    CalendarEntry.objects.bulk_create(missing, ignore_conflicts=True)
    audit_record(
        actor=actor,
        tenant=tenant,
        action=AuditAction.CALENDAR_ENSURE,
        instance=tenant,
        after={"year": year, "keys": [entry.key for entry in missing]},
    )
    return missing


def require_agency_admin(actor, tenant) -> None:
    """``agency.admin`` for an explicit agency: Admin Instansi at that agency's root."""
    root = Unit.objects.get(tenant=tenant, depth=1)
    if not can(actor, Capability.UNIT_ADMIN, root):
        raise AccessDenied(_("Hanya Admin Instansi tingkat instansi yang dapat mengubah kalender."))


@transaction.atomic
def calendar_entry_update(
    *,
    actor,
    entry: CalendarEntry,
    due_on: date,
    starts_on: date | None,
    label: str,
    note: str,
) -> CalendarEntry:
    entry = CalendarEntry.objects.select_for_update().get(tenant_id=entry.tenant_id, pk=entry.pk)
    require_agency_admin(actor, entry.tenant)
    before = snapshot(entry, CALENDAR_FIELDS)
    entry.label = (label or "").strip()
    entry.note = (note or "").strip()
    entry.starts_on = starts_on
    entry.due_on = due_on
    errors: dict[str, list] = {}
    if not entry.label:
        _add_error(errors, "label", _("Nama kegiatan wajib diisi."))
    if due_on is None:
        _add_error(errors, "due_on", _("Batas waktu wajib diisi."))
    try:
        entry.full_clean(exclude=list(errors))
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    after = snapshot(entry, CALENDAR_FIELDS)
    changed = [f for f in CALENDAR_FIELDS if before[f] != after[f]]
    if not changed:
        return entry
    entry.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        tenant=entry.tenant,
        action=AuditAction.CALENDAR_ENTRY_UPDATE,
        instance=entry,
        before=before,
        after=after,
    )
    return entry
