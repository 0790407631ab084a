"""Remove stored objects no StoredFile row refers to; report rows whose object is gone.

An object without a row is what remains when a caller's transaction rolled back after the
file had been written (see apps.files.services). Objects younger than --older-than hours
are left alone: their row may still be on its way.

python manage.py files_cleanup --dry-run
python manage.py files_cleanup --older-than 48
"""

from collections.abc import Iterator
from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.files.models import STORAGE_PREFIX, StoredFile

_BATCH = 1000


def _walk(storage, path: str) -> Iterator[str]:
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{path}/{name}"
    for directory in directories:
        yield from _walk(storage, f"{path}/{directory}")


class Command(BaseCommand):
    help = (
        "Hapus objek berkas di penyimpanan yang tidak punya baris StoredFile (lebih tua dari "
        "--older-than jam) dan laporkan baris yang berkasnya hilang."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            default=24.0,
            metavar="JAM",
            help="hanya objek yatim yang lebih tua dari sekian jam (bawaan 24)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="hanya tampilkan, jangan hapus apa pun"
        )

    def handle(self, *args, **options):
        if options["older_than"] < 0:
            raise CommandError("--older-than tidak boleh negatif.")
        cutoff = timezone.now() - timedelta(hours=options["older_than"])
        dry_run = options["dry_run"]
        storage = default_storage

        with scopes_disabled():
            present: set[str] = set()
            orphans: list[str] = []
            batch: list[str] = []

            def flush():
                known = set(
                    StoredFile.objects.filter(file__in=batch).values_list("file", flat=True)
                )
                orphans.extend(name for name in batch if name not in known)
                batch.clear()

            for name in _walk(storage, STORAGE_PREFIX):
                present.add(name)
                batch.append(name)
                if len(batch) >= _BATCH:
                    flush()
            if batch:
                flush()

            removed = kept = 0
            for name in orphans:
                if storage.get_modified_time(name) > cutoff:
                    kept += 1
                    continue
                removed += 1
                if dry_run:
                    self.stdout.write(f"akan dihapus: {name}")
                else:
                    storage.delete(name)
                    self.stdout.write(f"dihapus: {name}")

            missing = 0
            rows = StoredFile.objects.order_by("pk").values_list("pk", "tenant_id", "file")
            for pk, tenant_id, name in rows.iterator(chunk_size=_BATCH):
                if name not in present:
                    missing += 1
                    self.stderr.write(
                        f"berkas hilang: StoredFile #{pk} (instansi #{tenant_id}) -> {name}"
                    )

        verb = "akan dihapus" if dry_run else "dihapus"
        self.stdout.write(
            f"Objek yatim {verb}: {removed}; dibiarkan (lebih muda): {kept}; "
            f"baris tanpa berkas: {missing}."
        )
