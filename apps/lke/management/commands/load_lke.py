"""Load LKE template versions from their fixture files; safe to run again.

python manage.py load_lke fixtures/lke/lke-2021.json fixtures/lke/lke-2014.json
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.lke import services


class Command(BaseCommand):
    help = "Muat template LKE dari berkas JSON (fixtures/lke/*.json); aman dijalankan ulang."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="berkas template JSON")

    def handle(self, *args, **options):
        for raw in options["paths"]:
            path = Path(raw)
            try:
                document = json.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError as exc:
                raise CommandError(f"Berkas tidak ditemukan: {raw}") from exc
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise CommandError(f"Berkas {raw} tidak dapat dibaca sebagai JSON: {exc}") from exc
            try:
                result = services.template_load(document=document, source=_source_name(path))
            except ValidationError as exc:
                raise CommandError(f"{raw}: {' '.join(exc.messages)}") from exc
            self.stdout.write(result.message)


def _source_name(path: Path) -> str:
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return path.name
