"""Writes of the identification's service users: one added or removed, or a checked
file imported (all rows or none), while the identification is with the unit."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.core.access import Capability, require
from apps.core.imports import RowError, RowsInvalid

from ..checks import clean_person_text, normalize_email, normalize_phone, parse_date
from ..importing import FIELDS, ServiceUserRow
from ..models import Identification, ServiceUser
from .identification import _locked, _require_editable

SERVICE_USER_FIELDS = ["name", "service", "finished_on", "phone", "email"]


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
