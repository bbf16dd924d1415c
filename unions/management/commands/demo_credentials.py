"""Print the demo staff accounts and their password (used by `make run`)."""

from django.core.management.base import BaseCommand

from unions.demo import DEMO_PASSWORD, STAFF


class Command(BaseCommand):
    help = "Print the demo staff accounts."

    def handle(self, *args, **options):
        self.stdout.write(f"Demo back office accounts (password for all: {DEMO_PASSWORD}):")
        self.stdout.write("  admin  superuser")
        for username, last_name, first_name, organization, role in STAFF:
            self.stdout.write(f"  {username:<13} {last_name}{first_name}  {organization} · {role.label}")
