"""``verify_files``: every stored file's object exists with its row's size and SHA-256."""

from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django_scopes import scopes_disabled

from apps.core.backup import sha256_of

from .models import StoredFile


@dataclass
class VerifyResult:
    checked: int = 0
    matching: int = 0
    missing: list[str] = field(default_factory=list)
    mismatched: list[str] = field(default_factory=list)


def verify_files() -> VerifyResult:
    """Every StoredFile row's object exists and has the row's size and SHA-256."""
    result = VerifyResult()
    storage = default_storage
    with scopes_disabled():
        rows = StoredFile.objects.order_by("pk").values_list("pk", "file", "sha256", "size")
        for pk, object_name, sha, size in rows.iterator(chunk_size=500):
            result.checked += 1
            label = f"StoredFile #{pk}: {object_name}"
            if not object_name or not storage.exists(object_name):
                result.missing.append(label)
                continue
            with storage.open(object_name, "rb") as fh:
                actual_sha, actual_size = sha256_of(fh)
            if (actual_sha, actual_size) != (sha, size):
                result.mismatched.append(label)
            else:
                result.matching += 1
    return result
