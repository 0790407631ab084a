"""The decrees (SK) of the Tim Kerja and the Agen Perubahan."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.cycles.models import Cycle
from apps.files.services import file_store

from ..models import Decree, DecreeKind
from .common import _require_manager

DECREE_FIELDS = ["cycle", "kind", "number", "signed_on", "stored_file"]


@transaction.atomic
def decree_upload(
    *, actor, cycle: Cycle, kind: str, number: str, signed_on: date | None, uploaded
) -> Decree:
    """Record the SK of the team or of the agents (a new upload replaces the current)."""
    _require_manager(actor, cycle)
    errors: dict[str, list] = {}
    number = (number or "").strip()
    if kind not in DecreeKind.values:
        errors.setdefault("kind", []).append(_("Jenis SK tidak dikenal."))
    if not number:
        errors.setdefault("number", []).append(_("Nomor SK wajib diisi."))
    if signed_on is None:
        errors.setdefault("signed_on", []).append(_("Tanggal SK wajib diisi."))
    elif signed_on.year not in (cycle.year - 1, cycle.year):
        errors.setdefault("signed_on", []).append(
            _("Tanggal SK harus pada tahun %(year)s atau akhir tahun sebelumnya.")
            % {"year": cycle.year}
        )
    if uploaded is None:
        errors.setdefault("file", []).append(_("Unggah berkas SK (PDF atau gambar)."))
    if errors:
        raise ValidationError(errors)
    stored = file_store(actor=actor, unit=cycle.unit, uploaded=uploaded)
    decree = Decree.objects.select_for_update(of=("self",)).filter(cycle=cycle, kind=kind).first()
    before = snapshot(decree, DECREE_FIELDS) if decree else None
    if decree is None:
        decree = Decree(tenant_id=cycle.tenant_id, cycle=cycle, kind=kind)
    decree.number = number
    decree.signed_on = signed_on
    decree.stored_file = stored
    decree.uploaded_by = actor
    decree.full_clean()
    decree.save()
    audit_record(
        actor=actor,
        tenant=cycle.tenant,
        action=AuditAction.DECREE_UPLOAD,
        instance=decree,
        before=before,
        after=snapshot(decree, DECREE_FIELDS),
    )
    return decree
