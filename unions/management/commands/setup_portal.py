"""Bring a database to a runnable demo in one process: what `make run` does before serving.

migrate → cache table → translations → regions → demo data → print the demo accounts. Every
step is idempotent, so a second run only confirms and takes a few seconds.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, load regions and demo data, and print the demo accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Skip the demo data.")

    def handle(self, *args, no_demo=False, **options):
        call_command("compile_translations", verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("load_regions", stdout=self.stdout)
        if not no_demo:
            call_command("seed_demo", stdout=self.stdout)
            call_command("demo_credentials", stdout=self.stdout)
