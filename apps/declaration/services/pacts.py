"""The Pakta Integritas (FRM-02): signed online by the employee, or recorded from a
scan by the unit's team."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record
from apps.core import workflow
from apps.core.access import Capability, require
from apps.core.choices import RenderState
from apps.core.exceptions import AccessDenied
from apps.files.services import file_store

from .. import texts
from ..models import Employee, Pact, PactMethod, Placement
from .pact_pdf import pact_pdf_queue

# --- Pakta Integritas (FRM-02) ---------------------------------------------------------


def is_own_employee(user, employee: Employee) -> bool:
    """``user`` is this employee: linked, or not linked yet and holding the same NIP."""
    if not getattr(user, "is_authenticated", False):
        return False
    if employee.user_id is not None:
        return employee.user_id == user.pk
    return bool(user.nip) and user.nip == employee.nip


def _lock(placement: Placement) -> Placement:
    return (
        Placement.objects.select_for_update(of=("self",))
        .select_related("unit", "employee")
        .get(pk=placement.pk)
    )


def _require_unsigned_current(placement: Placement) -> None:
    if placement.ended_on is not None:
        raise ValidationError(
            _("Pegawai ini sudah tidak tercatat di %(unit)s.") % {"unit": placement.unit.name}
        )
    if Pact.objects.filter(placement=placement).exists():
        raise ValidationError(
            _("Pakta Integritas %(name)s di %(unit)s sudah ditandatangani.")
            % {"name": placement.employee.name, "unit": placement.unit.name}
        )


def pact_statement(placement: Placement) -> str:
    return texts.pact_text(
        name=placement.employee.name, position=placement.position, unit_name=placement.unit.name
    )


@transaction.atomic
def pact_sign(*, actor, placement: Placement, ip_address: str | None, agreed: bool) -> Pact:
    """The employee signs their pact online, after reading the statement shown to them."""
    placement = _lock(placement)
    employee = placement.employee
    if not is_own_employee(actor, employee):
        raise AccessDenied(
            _("Pakta Integritas hanya dapat ditandatangani oleh pegawai itu sendiri.")
        )
    _require_unsigned_current(placement)
    if not agreed:
        raise ValidationError(
            {"agree": [_("Centang pernyataan bahwa Anda telah membaca dan menyetujui isi pakta.")]}
        )
    if employee.user_id is None:
        if Employee.objects.filter(tenant_id=employee.tenant_id, user=actor).exists():
            raise ValidationError(
                _("Akun Anda sudah terhubung ke data pegawai lain di instansi ini.")
            )
        employee.user = actor
        employee.save(update_fields=["user", "updated_at"])
    pact = Pact(
        tenant_id=placement.tenant_id,
        placement=placement,
        employee=employee,
        unit=placement.unit,
        method=PactMethod.ONLINE,
        signed_at=timezone.now(),
        statement=pact_statement(placement),
        signer=actor,
        ip_address=ip_address or None,
        recorded_by=actor,
        # Its FRM-02 PDF is made by the worker once this is committed.
        pdf_state=RenderState.PENDING,
    )
    pact.full_clean(exclude=["placement"])
    pact.save()
    pact_pdf_queue(pact)
    workflow.announce(pact, "sign", actor=actor)
    audit_record(
        actor=actor,
        tenant=placement.unit.tenant,
        action=AuditAction.PACT_SIGN,
        instance=pact,
        after={"employee": employee.nip, "unit": placement.unit_id, "ip": pact.ip_address},
    )
    return pact


@transaction.atomic
def pact_record_scan(*, actor, placement: Placement, uploaded, signed_on: datetime.date) -> Pact:
    """The unit's team records a pact signed on paper (an employee without an account, or
    signed at the ceremony) with its scan."""
    placement = _lock(placement)
    require(actor, Capability.DECLARATION_MANAGE, placement.unit)
    _require_unsigned_current(placement)
    if signed_on is None:
        raise ValidationError({"signed_on": [_("Tanggal penandatanganan wajib diisi.")]})
    if signed_on > timezone.localdate():
        raise ValidationError(
            {"signed_on": [_("Tanggal penandatanganan tidak boleh setelah hari ini.")]}
        )
    if uploaded is None:
        raise ValidationError({"file": [_("Unggah pindaian pakta yang sudah ditandatangani.")]})
    stored = file_store(actor=actor, unit=placement.unit, uploaded=uploaded)
    signed_at = timezone.make_aware(datetime.datetime.combine(signed_on, datetime.time(12)))
    pact = Pact(
        tenant_id=placement.tenant_id,
        placement=placement,
        employee=placement.employee,
        unit=placement.unit,
        method=PactMethod.SCAN,
        signed_at=signed_at,
        statement=pact_statement(placement),
        scan=stored,
        recorded_by=actor,
        # Its FRM-02 PDF is made by the worker once this is committed.
        pdf_state=RenderState.PENDING,
    )
    pact.full_clean(exclude=["placement"])
    pact.save()
    pact_pdf_queue(pact)
    workflow.announce(pact, "sign", actor=actor)
    audit_record(
        actor=actor,
        tenant=placement.unit.tenant,
        action=AuditAction.PACT_SCAN,
        instance=pact,
        after={
            "employee": placement.employee.nip,
            "scan": stored.pk,
            "signed_on": signed_on.isoformat(),
        },
    )
    return pact
