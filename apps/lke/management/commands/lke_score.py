"""Score an answers file against a template fixture, without a database.

    python manage.py lke_score --template lke-2021 answers.json

Prints one JSON object (see apps.lke.engine.result.Result.to_dict). Bad input
exits with status 2 and an Indonesian message on stderr naming the question
and the problem; nothing is printed on stdout then.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.lke.engine import files


class Command(BaseCommand):
    help = "Hitung nilai LKE dari berkas jawaban JSON (tanpa basis data)."
    # No system checks and no ORM: the command reads only the template fixture.
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument(
            "--template", required=True, help="kode template, nama berkas di fixtures/lke"
        )
        parser.add_argument("answers", help="berkas jawaban JSON ('-' untuk stdin)")
        parser.add_argument(
            "--detail", action="store_true", help="sertakan peringatan dan nilai indikator"
        )

    def handle(self, *args, **options):
        fixtures = Path(settings.BASE_DIR) / "fixtures" / "lke"
        try:
            output = files.run(options["template"], options["answers"], fixtures, options["detail"])
        except files.ScoreInputError as exc:
            raise CommandError(str(exc), returncode=files.EXIT_BAD_INPUT) from exc
        self.stdout.write(output)

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            # From the shell, print the Indonesian message alone, without Django's
            # "CommandError: " prefix; call_command() callers get the exception.
            if not getattr(self, "_called_from_command_line", False) or options.get("traceback"):
                raise
            self.stderr.write(str(exc), style_func=lambda text: text)
            raise SystemExit(exc.returncode) from exc
