"""Demo data for `make run`: one agency with a realistic tree and a login for every role.

Idempotent: running it again changes nothing and prints the same logins. The data is
built by apps.demo (``apps.demo.seed``).
"""

from django.core.management.base import BaseCommand

from apps.demo.seed import print_logins, seed_demo


class Command(BaseCommand):
    help = "Membuat data demo (idempoten) dan mencetak akun demo."

    def handle(self, *args, **options):
        seed_demo(stdout=self.stdout)
        print_logins(self.stdout)
