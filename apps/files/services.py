"""Storing files: the only writers of ``StoredFile`` rows and of objects in the storage.

Who may attach a file to what is decided by the caller (the evidence or report service
that refers to the file); these functions check the *file*.
"""

import hashlib
import logging
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import audit_record, snapshot
from apps.units.models import Unit

from .antivirus import ScanUnavailable, clamd_scan
from .checks import HEAD_BYTES, FileCheck, FileRefused, check_upload
from .contents import inspect_contents
from .models import StoredFile

logger = logging.getLogger(__name__)

AUDIT_FIELDS = ["unit", "sha256", "size", "content_type", "original_name", "file"]
_HASH_CHUNK = 1024 * 1024


def _head(content: IO[bytes]) -> bytes:
    content.seek(0)
    head = content.read(HEAD_BYTES)
    content.seek(0)
    return head


def _sha256(content: File) -> str:
    digest = hashlib.sha256()
    content.seek(0)
    for chunk in content.chunks(_HASH_CHUNK):
        digest.update(chunk)
    content.seek(0)
    return digest.hexdigest()


def _scan(content: File) -> None:
    address = settings.CLAMAV_ADDRESS
    if not address:
        return
    content.seek(0)
    try:
        found = clamd_scan(content, address=address, timeout=settings.CLAMAV_TIMEOUT)
    except ScanUnavailable as exc:
        logger.error("virus scan unavailable: %s", exc)
        raise FileRefused(
            _(
                "Layanan pemindai virus sedang tidak tersedia, jadi berkas belum dapat "
                "diterima. Coba lagi beberapa saat lagi atau hubungi admin."
            ),
            code="scan_unavailable",
        ) from exc
    finally:
        content.seek(0)
    if found:
        logger.warning("virus found in upload: %s", found)
        raise FileRefused(
            _("Berkas ditolak: pemindai antivirus menemukan %(signature)s.") % {"signature": found},
            code="virus",
        )


def _existing(unit: Unit, sha256: str) -> StoredFile | None:
    return StoredFile.objects.filter(tenant_id=unit.tenant_id, unit=unit, sha256=sha256).first()


def _discard(unit: Unit, name: str) -> None:
    """Delete a just-written object unless a row refers to it after all (two uploads of
    the same content racing for the same storage name)."""
    try:
        if StoredFile.objects.filter(tenant_id=unit.tenant_id, file=name).exists():
            return
    except Exception:  # the database is what failed; the fresh name is ours alone
        logger.exception("could not check references to %s", name)
    try:
        default_storage.delete(name)
    except Exception:  # the cleanup command will find it
        logger.exception("could not delete orphaned stored object %s", name)


def _store(*, actor, unit: Unit, content: File, sha256: str, size: int) -> StoredFile:
    check: FileCheck = check_upload(content.name or "", _head(content), size)
    # Also for content already stored: the rules may have tightened since.
    inspect_contents(content, check, size)
    existing = _existing(unit, sha256)
    if existing is not None:
        return existing
    _scan(content)

    row = StoredFile(
        tenant_id=unit.tenant_id,
        unit=unit,
        sha256=sha256,
        size=size,
        content_type=check.content_type,
        kind=check.kind,
        extension=check.extension,
        original_name=check.name,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    # The object is written first, outside any transaction of ours (storage is not
    # transactional and a long write should not hold one open), then the row and its
    # audit record go in together. If they fail, the object is deleted again. If an
    # enclosing transaction of the caller rolls back later, the object stays behind as
    # an orphan that `manage.py files_cleanup` removes.
    row.file.save(check.name, content, save=False)
    stored_name = row.file.name
    try:
        with transaction.atomic():
            row.full_clean(validate_constraints=False)
            row.save()
            audit_record(
                actor=actor,
                tenant=unit.tenant,
                action=AuditAction.FILE_STORE,
                instance=row,
                after=snapshot(row, AUDIT_FIELDS),
            )
    except IntegrityError:
        # The same content arrived in this unit at the same moment and the other
        # upload won the unique constraint: use its row.
        _discard(unit, stored_name)
        existing = _existing(unit, sha256)
        if existing is None:
            raise
        return existing
    except BaseException:
        _discard(unit, stored_name)
        raise
    return row


def file_store(*, actor, unit: Unit, uploaded: File) -> StoredFile:
    """Check, scan and store an uploaded file for ``unit``; return its row.

    ``uploaded`` is normally the ``TemporaryUploadedFile`` produced by
    ``HashingTemporaryFileUploadHandler`` (its ``sha256`` is used as is); any Django
    ``File`` works and is then hashed here in chunks. Content already stored in this unit
    returns the existing row (with the name it was first uploaded under) and writes
    nothing. Raises ``FileRefused`` with a message for the user. With the default
    file-system storage the temporary file is moved, not copied: do not read
    ``uploaded`` afterwards.
    """
    sha256 = getattr(uploaded, "sha256", None) or _sha256(uploaded)
    return _store(actor=actor, unit=unit, content=uploaded, sha256=sha256, size=uploaded.size)


def file_store_bytes(*, actor, unit: Unit, name: str, data: bytes) -> StoredFile:
    """``file_store`` for content made by the portal itself (generated reports)."""
    content = ContentFile(data, name=name)
    sha256 = hashlib.sha256(data).hexdigest()
    return _store(actor=actor, unit=unit, content=content, sha256=sha256, size=len(data))
