from django.core.management.base import BaseCommand

from apps.dashboard.summaries import refresh_all


class Command(BaseCommand):
    help = "Hitung ulang ringkasan dasbor pimpinan untuk setiap siklus (tahun ini dan lalu)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="tahun (boleh berulang)")

    def handle(self, *args, year=None, **options):
        written = refresh_all(years=year)
        self.stdout.write(f"{written} ringkasan siklus diperbarui.")
