"""Restore a dump made by `manage.py backup` into the configured database (`make restore`)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from unions import backup


class Command(BaseCommand):
    help = "Restore a pg_dump -Fc file into the configured database (replaces its objects)."

    def add_arguments(self, parser):
        parser.add_argument("dump", help="The .dump file to restore.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, dump, yes=False, **options):
        source = Path(dump)
        if not source.is_file():
            raise CommandError(f"No such file: {source}")
        if not yes and input("This replaces the database's contents. Type 'yes' to go on: ") != "yes":
            raise CommandError("Cancelled.")
        backup.restore(source)
        self.stdout.write(self.style.SUCCESS(f"Restored {source}."))
