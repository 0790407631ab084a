"""Writes of the identification and its service users. Each checks the actor's role,
validates everything before writing, and records its audit trail in one transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core import workflow
from apps.core.access import Capability, require
from apps.core.choices import RenderState
from apps.core.imports import RowError, RowsInvalid
from apps.core.pdf import render_pdf
from apps.core.text import limited_text
from apps.cycles.models import Cycle, Stage
from apps.files.generated import GeneratedFile, generated_file_make
from apps.files.models import StoredFile

from .checks import (
    clean_person_text,
    missing_items,
    normalize_email,
    normalize_phone,
    parse_date,
    parse_percent,
    submission_gaps,
)
from .importing import FIELDS, ServiceUserRow
from .models import (
    REALISATION_MAX,
    REQUIREMENT_FIELDS,
    REQUIREMENTS,
    UNIT_INFO_FIELDS,
    EventAction,
    Identification,
    SakipGrade,
    ServiceUser,
    Status,
)

# Stages of the cycle in which the unit may open an identification.
OPEN_STAGES = frozenset({Stage.PENCANANGAN, Stage.IDENTIFIKASI})
SERVICE_USER_FIELDS = ["name", "service", "finished_on", "phone", "email"]
# Upper bound per percentage: LHKAN and TLHP are shares (0–100); key-target realisation
# may exceed its target (models.REALISATION_MAX).
PERCENT_FIELDS = {
    "lhkan_percent": 100,
    "tlhp_percent": 100,
    "realisation_y1": REALISATION_MAX,
    "realisation_y2": REALISATION_MAX,
}
YES_NO_FIELDS = ("pk_y1", "pk_y2", "pk_y3")
# The unit's and the TPU's free texts; a requirement's remark is a line (the model's 500).
NOTE_MAX = 4000
REQUIREMENT_NOTE_MAX = 500


class Outcome:
    RETURN = "return"
    COMPLETE = "complete"


def _locked(identification: Identification) -> Identification:
    return workflow.lock(identification, select_related=("cycle", "unit", "unit__tenant"))


def _submission_refusals(identification: Identification, **context) -> list[str]:
    gaps = submission_gaps(identification, service_user_count(identification))
    return [_("Identifikasi belum dapat diajukan ke TPU. Lengkapi dahulu:"), *gaps] if gaps else []


def _submitted(identification: Identification, **context) -> list[str]:
    identification.submitted_at = timezone.now()
    identification.full_clean()
    return ["submitted_at"]


def _decided(identification: Identification, *, actor, **context) -> list[str]:
    """The TPU's check and decision go with the status (set by ``identification_decide``
    before the transition: requirements, their remarks, what is missing, the note)."""
    identification.decided_at = timezone.now()
    identification.decided_by = actor
    identification.full_clean()
    return [
        *REQUIREMENT_FIELDS,
        "missing_items",
        "assessor_note",
        "decided_at",
        "decided_by",
    ]


def _completed(identification: Identification, **context) -> list[str]:
    """Complete: decided, and the report PDF is now due (made by the worker)."""
    identification.report_state = RenderState.PENDING
    return [*_decided(identification, **context), "report_state"]


IDENTIFICATION_WORKFLOW = workflow.declare(
    Identification,
    field="status",
    unit=lambda identification: identification.unit,
    transitions=[
        workflow.Transition(
            name=EventAction.SUBMIT,
            source=(Status.DRAFT, Status.RETURNED),
            target=Status.SUBMITTED,
            capability=Capability.IDENTIFICATION_FILL,
            action=AuditAction.IDENTIFICATION_SUBMIT,
            guards=(_submission_refusals,),
            effect=_submitted,
        ),
        workflow.Transition(
            name=EventAction.RETURN,
            source=(Status.SUBMITTED,),
            target=Status.RETURNED,
            capability=Capability.IDENTIFICATION_DECIDE,
            action=AuditAction.IDENTIFICATION_RETURN,
            effect=_decided,
        ),
        workflow.Transition(
            name=EventAction.COMPLETE,
            source=(Status.SUBMITTED,),
            target=Status.COMPLETE,
            capability=Capability.IDENTIFICATION_DECIDE,
            action=AuditAction.IDENTIFICATION_COMPLETE,
            effect=_completed,
        ),
    ],
)


def _require_editable(identification: Identification) -> None:
    if not identification.is_editable:
        raise ValidationError(
            _("Identifikasi berstatus %(status)s: data unit tidak dapat diubah sekarang.")
            % {"status": identification.get_status_display()}
        )


def service_user_count(identification: Identification) -> int:
    return ServiceUser.objects.filter(
        tenant_id=identification.tenant_id, cycle_id=identification.cycle_id
    ).count()


@transaction.atomic
def identification_open(*, actor, cycle: Cycle) -> Identification:
    """Start the identification of the cycle's unit (one per cycle)."""
    cycle = (
        Cycle.objects.select_for_update().select_related("unit", "unit__tenant").get(pk=cycle.pk)
    )
    require(actor, Capability.IDENTIFICATION_FILL, cycle.unit)
    if Identification.objects.filter(cycle=cycle).exists():
        raise ValidationError(_("Identifikasi siklus ini sudah dibuka."))
    if cycle.stage not in OPEN_STAGES:
        raise ValidationError(
            _(
                "Identifikasi hanya dapat dibuka pada tahap Pencanangan atau Identifikasi "
                "(siklus ini pada tahap %(stage)s)."
            )
            % {"stage": cycle.get_stage_display()}
        )
    identification = Identification(
        tenant_id=cycle.tenant_id, cycle=cycle, unit=cycle.unit, created_by=actor
    )
    identification.full_clean()
    identification.save()
    workflow.history_record(
        identification,
        EventAction.OPEN,
        from_state="",
        to_state=identification.status,
        actor=actor,
    )
    audit_record(
        actor=actor,
        tenant=cycle.unit.tenant,
        action=AuditAction.IDENTIFICATION_OPEN,
        instance=identification,
        after=snapshot(identification, ["cycle", "unit", "status"]),
    )
    return identification


def _limited(raw, limit: int) -> str:
    return limited_text(raw, limit)


def _clean_info(changes: dict) -> dict:
    """Parse the unit information; every field's error at once."""
    unknown = set(changes) - set(UNIT_INFO_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    for name, raw in changes.items():
        try:
            if name in PERCENT_FIELDS:
                clean[name] = parse_percent(raw, maximum=PERCENT_FIELDS[name])
            elif name in YES_NO_FIELDS:
                if raw not in (True, False, None):
                    raise ValidationError(_("Pilih Ada, Tidak ada, atau kosongkan."))
                clean[name] = raw
            elif name == "sakip_grade":
                grade = str(raw or "").strip().upper()
                if grade and grade not in SakipGrade.values:
                    raise ValidationError(
                        _("Nilai SAKIP harus salah satu dari: %(grades)s.")
                        % {"grades": ", ".join(SakipGrade.values)}
                    )
                clean[name] = grade
            else:
                clean[name] = _limited(raw, NOTE_MAX)
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def identification_update(*, actor, identification: Identification, **changes) -> Identification:
    """The unit's information (FRM-03 part B), while the identification is with the unit."""
    identification = _locked(identification)
    require(actor, Capability.IDENTIFICATION_FILL, identification.unit)
    _require_editable(identification)
    clean = _clean_info(changes)
    before = snapshot(identification, list(clean))
    for name, value in clean.items():
        setattr(identification, name, value)
    identification.full_clean()
    identification.save(update_fields=[*clean, "updated_at"])
    after = snapshot(identification, list(clean))
    if before != after:
        audit_record(
            actor=actor,
            tenant=identification.unit.tenant,
            action=AuditAction.IDENTIFICATION_UPDATE,
            instance=identification,
            before=before,
            after=after,
        )
    return identification


@transaction.atomic
def identification_submit(*, actor, identification: Identification) -> Identification:
    """Hand the identification to the TPU (also after it was returned). Refused while a
    part the unit fills is empty (``checks.submission_gaps``), naming each: once
    submitted, the unit cannot change anything until the TPU returns it."""
    identification = _locked(identification)
    workflow.require(identification, EventAction.SUBMIT, actor)
    if not identification.is_editable:
        raise ValidationError(
            _("Identifikasi berstatus %(status)s tidak dapat diajukan.")
            % {"status": identification.get_status_display()}
        )
    return workflow.transition(identification, EventAction.SUBMIT, actor=actor)


@transaction.atomic
def identification_decide(
    *,
    actor,
    identification: Identification,
    outcome: str,
    requirements: dict[str, bool | None],
    notes: dict[str, str] | None = None,
    note: str = "",
) -> Identification:
    """The TPU's check of the administrative requirements (FRM-03 part A) and its
    decision: ``complete`` only when nothing is missing (the unit becomes a Calon Unit
    Kerja), ``return`` with what is missing (the computed gaps plus ``note``)."""
    identification = _locked(identification)
    workflow.require(identification, EventAction.COMPLETE, actor)
    if outcome not in (Outcome.RETURN, Outcome.COMPLETE):
        raise ValidationError({"outcome": _("Keputusan tidak dikenal.")})
    if identification.status != Status.SUBMITTED:
        raise ValidationError(
            _("Hanya identifikasi yang sedang diajukan yang dapat diputuskan (status: %(status)s).")
            % {"status": identification.get_status_display()}
        )
    notes = notes or {}
    errors: dict[str, list[str]] = {}
    try:
        note = _limited(note, NOTE_MAX)
    except ValidationError as exc:
        errors["note"] = exc.messages
    before = snapshot(identification, ["status", *REQUIREMENT_FIELDS])
    for prefix, _label in REQUIREMENTS:
        value = requirements.get(prefix)
        if value not in (True, False, None):
            errors[prefix] = [_("Pilih Terpenuhi atau Belum terpenuhi.")]
        setattr(identification, prefix, value)
        try:
            remark = _limited(notes.get(prefix), REQUIREMENT_NOTE_MAX)
        except ValidationError as exc:
            errors[f"{prefix}_note"] = exc.messages
        else:
            setattr(identification, f"{prefix}_note", remark)
    if errors:
        raise ValidationError(errors)
    missing = missing_items(identification, service_user_count(identification))
    if outcome == Outcome.COMPLETE:
        if missing:
            raise ValidationError(
                [_("Identifikasi belum dapat dinyatakan lengkap. Yang masih kurang:"), *missing]
            )
        identification.missing_items = []
        action = EventAction.COMPLETE
    else:
        items = [*missing, *([note] if note else [])]
        if not items:
            raise ValidationError(
                {
                    "note": _(
                        "Tidak ada kekurangan yang terhitung: nyatakan lengkap, atau tuliskan "
                        "apa yang harus dilengkapi unit."
                    )
                }
            )
        identification.missing_items = items
        action = EventAction.RETURN
    identification.assessor_note = note
    identification = workflow.transition(
        identification,
        action,
        actor=actor,
        reason=note,
        data={"missing_items": identification.missing_items},
        audit_before=before,
        audit_after=lambda i: snapshot(i, ["status", *REQUIREMENT_FIELDS]),
    )
    if outcome == Outcome.COMPLETE:
        from apps.core.queue import enqueue_on_commit

        from .tasks import render_identification_report

        # A broker outage only delays the PDF: the beat job renders missing reports, and
        # the report page renders it on demand.
        enqueue_on_commit(render_identification_report, identification.tenant_id, identification.pk)
    return identification


REPORT_FILE = GeneratedFile(
    file="report_file", state="report_state", claimed_at="report_claimed_at"
)


def _render_report(identification: Identification):
    from .selectors import report_context

    name = f"laporan-hasil-identifikasi-{identification.unit.code}-{identification.cycle.year}.pdf"
    data = render_pdf("identification/report_pdf.html", report_context(identification))
    return identification.unit, name, data


def _report_audit(actor):
    def record(identification: Identification, stored: StoredFile) -> None:
        audit_record(
            actor=actor,
            tenant=identification.unit.tenant,
            action=AuditAction.IDENTIFICATION_REPORT,
            instance=identification,
            after={"report_file": stored.pk},
        )

    return record


def _report_rows():
    return Identification.objects.filter(status=Status.COMPLETE).select_related(
        "cycle", "unit", "unit__tenant"
    )


def identification_report_make(*, identification_id: int, actor=None) -> StoredFile | None:
    """Render the Laporan Hasil Identifikasi as a PDF and keep it with the identification
    (the worker's task). The row is claimed first: None when its report is not due (made
    already, being made, or the identification is not complete)."""
    return generated_file_make(
        queryset=_report_rows(),
        pk=identification_id,
        columns=REPORT_FILE,
        render=_render_report,
        on_ready=_report_audit(actor),
        actor=actor,
    )


def identification_report_store(*, identification: Identification, actor=None) -> StoredFile | None:
    """The stored report, made now when the worker has not run yet (the report page).
    None only while another run is making it."""
    if not identification.is_complete:
        raise ValidationError(_("Laporan Hasil Identifikasi ada setelah identifikasi lengkap."))
    made = identification_report_make(identification_id=identification.pk, actor=actor)
    if made is not None:
        return made
    report_file_id = (
        _report_rows().filter(pk=identification.pk).values_list("report_file_id", flat=True)
    ).first()
    return StoredFile.objects.filter(pk=report_file_id).first() if report_file_id else None


# --- service users ----------------------------------------------------------------------


def _service_user_values(*, name, service, finished_on, phone, email, today: date) -> dict:
    errors: dict[str, list[str]] = {}
    values: dict = {}
    for field_name, raw in (("name", name), ("service", service)):
        try:
            values[field_name] = clean_person_text(raw, kind=field_name)
        except ValidationError as exc:
            errors[field_name] = exc.messages
    for field_name, parse in (
        ("finished_on", lambda v: parse_date(v, today=today)),
        ("phone", normalize_phone),
        ("email", normalize_email),
    ):
        raw = {"finished_on": finished_on, "phone": phone, "email": email}[field_name]
        try:
            values[field_name] = parse(raw)
        except ValidationError as exc:
            errors[field_name] = exc.messages
    if not errors and not values["phone"] and not values["email"]:
        errors["phone"] = [_("Isi no. telp./WA atau alamat e-mail.")]
    if errors:
        raise ValidationError(errors)
    return values


def _duplicate_error() -> ValidationError:
    return ValidationError(
        {
            "name": _(
                "Pengguna layanan dengan nama, layanan dan tanggal selesai yang sama sudah ada."
            )
        }
    )


@transaction.atomic
def service_user_add(
    *,
    actor,
    identification: Identification,
    name: str,
    service: str,
    finished_on,
    phone: str = "",
    email: str = "",
) -> ServiceUser:
    identification = _locked(identification)
    require(actor, Capability.IDENTIFICATION_FILL, identification.unit)
    _require_editable(identification)
    values = _service_user_values(
        name=name,
        service=service,
        finished_on=finished_on,
        phone=phone,
        email=email,
        today=timezone.localdate(),
    )
    row = ServiceUser(
        tenant_id=identification.tenant_id,
        unit=identification.unit,
        cycle_id=identification.cycle_id,
        created_by=actor,
        **values,
    )
    if ServiceUser.objects.filter(
        cycle_id=identification.cycle_id,
        name__iexact=row.name,
        service__iexact=row.service,
        finished_on=row.finished_on,
    ).exists():
        raise _duplicate_error()
    row.full_clean()
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise _duplicate_error() from None
    audit_record(
        actor=actor,
        tenant=identification.unit.tenant,
        action=AuditAction.SERVICE_USER_ADD,
        instance=row,
        after=snapshot(row, SERVICE_USER_FIELDS),
    )
    return row


@transaction.atomic
def service_user_remove(*, actor, service_user: ServiceUser) -> None:
    identification = _locked(
        Identification.objects.get(tenant_id=service_user.tenant_id, cycle_id=service_user.cycle_id)
    )
    require(actor, Capability.IDENTIFICATION_FILL, identification.unit)
    _require_editable(identification)
    before = snapshot(service_user, SERVICE_USER_FIELDS)
    audit_record(
        actor=actor,
        tenant=identification.unit.tenant,
        action=AuditAction.SERVICE_USER_REMOVE,
        instance=service_user,
        before=before,
    )
    service_user.delete()


# ServiceUser field -> import column, for row errors found again at import time.
IMPORT_COLUMN = {field: column for column, field in FIELDS.items()}


@transaction.atomic
def service_user_import(
    *, actor, identification: Identification, rows: list[ServiceUserRow]
) -> list[ServiceUser]:
    """Add every checked row, or none: each row is checked again here, against the list
    as it is now."""
    identification = _locked(identification)
    require(actor, Capability.IDENTIFICATION_FILL, identification.unit)
    _require_editable(identification)
    if not rows:
        raise ValidationError(_("Tidak ada baris untuk diimpor."))
    today = timezone.localdate()
    existing = {
        (n.lower(), s.lower(), d.isoformat())
        for n, s, d in ServiceUser.objects.filter(cycle_id=identification.cycle_id).values_list(
            "name", "service", "finished_on"
        )
    }
    errors: list[RowError] = []
    created: list[ServiceUser] = []
    for row in rows:
        try:
            values = _service_user_values(
                name=row.name,
                service=row.service,
                finished_on=row.finished_on,
                phone=row.phone,
                email=row.email,
                today=today,
            )
        except ValidationError as exc:
            errors.extend(
                RowError(row.line, IMPORT_COLUMN.get(field_name, ""), message)
                for field_name, messages in exc.message_dict.items()
                for message in messages
            )
            continue
        key = (values["name"].lower(), values["service"].lower(), values["finished_on"].isoformat())
        if key in existing:
            errors.append(RowError(row.line, "nama", _("Sudah ada di daftar pengguna layanan.")))
            continue
        existing.add(key)
        item = ServiceUser(
            tenant_id=identification.tenant_id,
            unit=identification.unit,
            cycle_id=identification.cycle_id,
            created_by=actor,
            **values,
        )
        item.full_clean(validate_unique=False, validate_constraints=False)
        created.append(item)
    if errors:
        raise RowsInvalid(errors)
    try:
        with transaction.atomic():
            ServiceUser.objects.bulk_create(created)
    except IntegrityError:
        raise RowsInvalid(
            [
                RowError(
                    0,
                    "",
                    _(
                        "Daftar pengguna layanan berubah saat impor berjalan; tidak ada yang disimpan."
                    ),
                )
            ]
        ) from None
    audit_record(
        actor=actor,
        tenant=identification.unit.tenant,
        action=AuditAction.SERVICE_USER_IMPORT,
        instance=identification,
        after={"count": len(created)},
    )
    return created
