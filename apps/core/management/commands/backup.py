"""Back up the database and every stored file into one dated archive.

python manage.py backup                      # var/backups/zi-portal-YYYYmmdd-HHMMSS.tar
python manage.py backup --output-dir /srv/backup
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Cadangkan basis data (pg_dump, format custom) dan semua berkas di penyimpanan "
        "(lokal atau S3) ke satu arsip bertanggal dengan manifest SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(settings.VAR_DIR / "backups"),
            help="folder tujuan arsip (bawaan var/backups)",
        )
        parser.add_argument(
            "--list-files", action="store_true", help="tampilkan setiap berkas yang dicadangkan"
        )

    def handle(self, *args, **options):
        try:
            result = backup(
                Path(options["output_dir"]),
                stdout=self.stdout if options["list_files"] else None,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Basis data: {result.database_bytes} bita; berkas: {result.files} "
            f"({result.file_bytes} bita)."
        )
        # The last line is the archive's path alone, for scripts.
        self.stdout.write(str(result.path))
