"""Check every stored file against its row: present, same size, same SHA-256.

python manage.py verify_files      # exit code 1 when a file is missing or differs
"""

from django.core.management.base import BaseCommand, CommandError

from apps.files.verify import verify_files


class Command(BaseCommand):
    help = (
        "Periksa SHA-256 dan ukuran setiap berkas tersimpan terhadap barisnya (StoredFile); "
        "laporkan yang hilang dan yang isinya berbeda."
    )

    def handle(self, *args, **options):
        result = verify_files()
        for label in result.missing:
            self.stderr.write(f"hilang: {label}")
        for label in result.mismatched:
            self.stderr.write(f"isi berbeda: {label}")
        summary = (
            f"Diperiksa {result.checked} berkas: {result.matching} cocok, "
            f"{len(result.missing)} hilang, {len(result.mismatched)} berbeda."
        )
        if result.missing or result.mismatched:
            raise CommandError(summary)
        self.stdout.write(summary)
