"""Restore an archive written by `backup` onto a fresh installation.

Point DATABASE_URL at a new, empty database (createdb, no migrate) and the file storage at
an empty MEDIA_ROOT or bucket, then:

python manage.py restore var/backups/zi-portal-20260301-020000.tar
python manage.py restore ARCHIVE --force     # replace a database that has tables
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Pulihkan arsip cadangan (basis data dan berkas) ke instalasi baru. Menolak basis "
        "data yang sudah berisi tabel kecuali dengan --force."
    )
    # The database may be empty: no check may need its tables.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", help="arsip zi-portal-….tar dari perintah backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="timpa basis data yang sudah berisi tabel dan berkas dengan isi lain",
        )
        parser.add_argument(
            "--list-files", action="store_true", help="tampilkan setiap berkas yang dipulihkan"
        )

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"Arsip {archive} tidak ditemukan.")
        try:
            result = restore(
                archive,
                force=options["force"],
                stdout=self.stdout if options["list_files"] else None,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Dipulihkan: basis data dan {result.files} berkas "
            f"({result.skipped} sudah ada dengan isi sama). Jalankan `manage.py migrate` "
            f"bila versi aplikasi lebih baru, lalu `manage.py verify_files`."
        )
