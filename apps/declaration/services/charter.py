"""The Piagam Pencanangan (FRM-01) of a cycle and the stage guard's check."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core.access import Capability, require
from apps.core.choices import RenderState
from apps.core.nip import normalise_nip
from apps.core.pdf import render_pdf
from apps.core.queue import enqueue_on_commit
from apps.cycles.models import Cycle
from apps.cycles.stages import Stage
from apps.files.generated import GeneratedFile, generated_file_get, generated_file_make
from apps.files.models import StoredFile
from apps.files.services import file_store
from apps.units.letterhead import letterhead
from apps.units.models import Unit

from ..models import Declaration, Witness
from .roster import user_or_none

DECLARATION_FIELDS = ["declared_on", "place", "head_name", "head_title", "head_nip", "scan"]
MAX_WITNESSES = 10

# --- Piagam Pencanangan (FRM-01) -------------------------------------------------------


def _require_pencanangan(cycle: Cycle) -> None:
    if cycle.stage != Stage.PENCANANGAN:
        raise ValidationError(
            _(
                "Piagam pencanangan hanya dapat diubah selama siklus berada di tahap "
                "Pencanangan (sekarang: %(stage)s)."
            )
            % {"stage": cycle.get_stage_display()}
        )


def _norm(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def _clean_witnesses(unit: Unit, witnesses: list[dict]) -> list[Witness]:
    rows: list[Witness] = []
    errors: list[str] = []
    filled = [
        w
        for w in witnesses
        if any((w.get(k) or "").strip() for k in ("name", "title", "institution"))
    ]
    if len(filled) > MAX_WITNESSES:
        errors.append(_("Paling banyak %(n)s saksi.") % {"n": MAX_WITNESSES})
    for number, data in enumerate(filled, start=1):
        values = {
            k: " ".join((data.get(k) or "").split()) for k in ("name", "title", "institution")
        }
        missing = [
            label
            for key, label in (
                ("name", _("nama")),
                ("title", _("jabatan")),
                ("institution", _("instansi/unit")),
            )
            if not values[key]
        ]
        if missing:
            errors.append(
                _("Saksi %(n)s: %(fields)s wajib diisi.")
                % {"n": number, "fields": ", ".join(missing)}
            )
            continue
        witness = Witness(order=number, **values)
        try:
            witness.full_clean(exclude=["declaration"])
        except ValidationError as exc:
            errors.extend(f"{_('Saksi')} {number}: {m}" for m in exc.messages)
            continue
        rows.append(witness)
    if not filled:
        errors.append(
            _("Isi paling sedikit satu saksi dari luar unit (nama, jabatan dan instansinya).")
        )
    elif rows and not errors:
        own = {_norm(unit.name), _norm(unit.code)}
        if all(_norm(w.institution) in own for w in rows):
            errors.append(
                _(
                    "Saksi pencanangan adalah pihak di luar pimpinan dan pegawai unit: paling "
                    "sedikit satu saksi harus berasal dari instansi/unit lain selain %(unit)s."
                )
                % {"unit": unit.name}
            )
    if errors:
        raise ValidationError({"witnesses": errors})
    return rows


@transaction.atomic
def declaration_record(
    *,
    actor,
    cycle: Cycle,
    declared_on: datetime.date,
    place: str,
    head_name: str,
    head_title: str,
    head_nip: str = "",
    witnesses: list[dict],
) -> Declaration:
    """Record (or correct) the charter of ``cycle``: FRM-01's facts and its witnesses."""
    cycle = Cycle.objects.select_for_update(of=("self",)).select_related("unit").get(pk=cycle.pk)
    unit = cycle.unit
    require(actor, Capability.DECLARATION_MANAGE, unit)
    _require_pencanangan(cycle)
    declaration = Declaration.objects.filter(cycle=cycle).first()
    created = declaration is None
    if created:
        declaration = Declaration(tenant_id=cycle.tenant_id, cycle=cycle, unit=unit)
    before = None if created else snapshot(declaration, DECLARATION_FIELDS)
    declaration.declared_on = declared_on
    declaration.place = " ".join((place or "").split())
    declaration.head_name = " ".join((head_name or "").split())
    declaration.head_title = " ".join((head_title or "").split())
    declaration.head_nip = normalise_nip(head_nip or "")
    declaration.recorded_by = user_or_none(actor)
    errors: dict[str, list] = {}
    for field, message in (
        ("declared_on", _("Tanggal pencanangan wajib diisi.")),
        ("place", _("Tempat pencanangan wajib diisi.")),
        ("head_name", _("Nama pimpinan unit wajib diisi.")),
        ("head_title", _("Jabatan pimpinan unit wajib diisi.")),
    ):
        if not getattr(declaration, field):
            errors[field] = [message]
    try:
        declaration.full_clean(exclude=["cycle", "unit", "scan", *errors])
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if declared_on and not errors.get("declared_on"):
        if declared_on > timezone.localdate():
            errors.setdefault("declared_on", []).append(
                _(
                    "Tanggal pencanangan tidak boleh setelah hari ini: catat setelah upacara "
                    "berlangsung."
                )
            )
        elif declared_on.year not in (cycle.year - 1, cycle.year):
            errors.setdefault("declared_on", []).append(
                _(
                    "Tanggal pencanangan siklus %(year)s harus pada tahun %(year)s atau tahun "
                    "sebelumnya."
                )
                % {"year": cycle.year}
            )
    try:
        rows = _clean_witnesses(unit, witnesses or [])
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    # Its PDF is made (again) by the worker once this is committed.
    declaration.pdf_file = None
    declaration.pdf_state = RenderState.PENDING
    declaration.save()
    declaration.witnesses.all().delete()
    for witness in rows:
        witness.declaration = declaration
    Witness.objects.bulk_create(rows)
    from ..tasks import render_charter_pdf

    enqueue_on_commit(render_charter_pdf, declaration.tenant_id, declaration.pk)
    after = snapshot(declaration, DECLARATION_FIELDS)
    after["witnesses"] = [f"{w.name} – {w.title}, {w.institution}" for w in rows]
    audit_record(
        actor=actor,
        tenant=unit.tenant,
        action=AuditAction.DECLARATION_RECORD if created else AuditAction.DECLARATION_UPDATE,
        instance=declaration,
        before=before,
        after=after,
    )
    return declaration


CHARTER_PDF = GeneratedFile(file="pdf_file", state="pdf_state", claimed_at="pdf_claimed_at")


def _charter_rows():
    return Declaration.objects.select_related("cycle", "unit", "unit__tenant").prefetch_related(
        "witnesses"
    )


def _render_charter(declaration: Declaration):
    from ..selectors import charter_context

    cycle = declaration.cycle
    cycle.unit = declaration.unit
    context = charter_context(cycle, declaration)
    context["kop"] = letterhead(declaration.unit)
    data = render_pdf("declaration/charter_pdf.html", context)
    return declaration.unit, f"piagam-pencanangan-{declaration.unit.code}-{cycle.year}.pdf", data


def charter_pdf_make(*, declaration_id: int, actor=None) -> StoredFile | None:
    """Render the recorded charter as a PDF and keep it (the worker's task). The row is
    claimed first: None when its PDF is not due (made already or being made)."""
    return generated_file_make(
        queryset=_charter_rows(),
        pk=declaration_id,
        columns=CHARTER_PDF,
        render=_render_charter,
        actor=actor,
    )


def charter_pdf_store(*, declaration: Declaration, actor=None) -> StoredFile | None:
    """The charter's stored PDF, for the PDF link: made now when the worker has not run
    yet, waited for while the worker is making it. None only when that run is still at
    it after the wait (``generated_file_get``)."""
    return generated_file_get(
        queryset=_charter_rows(),
        pk=declaration.pk,
        columns=CHARTER_PDF,
        render=_render_charter,
        actor=actor,
    )


@transaction.atomic
def declaration_attach_scan(*, actor, declaration: Declaration, uploaded) -> Declaration:
    """Attach the scan of the signed charter (replaces an earlier one; the file stays)."""
    declaration = (
        Declaration.objects.select_for_update(of=("self",))
        .select_related("cycle", "unit")
        .get(pk=declaration.pk)
    )
    require(actor, Capability.DECLARATION_MANAGE, declaration.unit)
    _require_pencanangan(declaration.cycle)
    stored = file_store(actor=actor, unit=declaration.unit, uploaded=uploaded)
    before = snapshot(declaration, ["scan"])
    declaration.scan = stored
    declaration.scan_uploaded_at = timezone.now()
    declaration.save(update_fields=["scan", "scan_uploaded_at", "updated_at"])
    audit_record(
        actor=actor,
        tenant=declaration.unit.tenant,
        action=AuditAction.DECLARATION_SCAN,
        instance=declaration,
        before=before,
        after={"scan": stored.pk, "original_name": stored.original_name},
    )
    return declaration


def missing_message(*, recorded: bool, scanned: bool) -> str | None:
    if not recorded:
        return _(
            "Piagam pencanangan belum dicatat: catat tanggal, tempat, pimpinan dan saksi "
            "pencanangan, lalu unggah pindaian piagam yang sudah ditandatangani."
        )
    if not scanned:
        return _(
            "Piagam pencanangan belum dicatat lengkap: unggah pindaian piagam yang sudah "
            "ditandatangani pimpinan unit dan para saksi."
        )
    return None


def declaration_missing(cycle: Cycle) -> str | None:
    """Why ``cycle`` may not leave pencanangan yet, or None (the stage guard's check)."""
    scan_ids = list(Declaration.objects.filter(cycle_id=cycle.pk).values_list("scan_id", flat=True))
    return missing_message(recorded=bool(scan_ids), scanned=bool(scan_ids and scan_ids[0]))
