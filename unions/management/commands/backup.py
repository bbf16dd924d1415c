"""Write a custom-format dump of the portal's database (`make backup`)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from unions import backup


class Command(BaseCommand):
    help = "Dump the database with pg_dump -Fc into var/backups/ (or --output)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Where to write the dump.")

    def handle(self, *args, output=None, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        target = Path(output) if output else Path(settings.VAR_DIR) / "backups" / f"portal-{stamp}.dump"
        backup.dump(target)
        self.stdout.write(str(target))
