"""Load the demo data: the foundation's organisations and staff, then each app's part.

Idempotent: run it as often as you like. Regions must be loaded first (`load_regions`).
"""

from importlib import import_module

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from unions.models import Region

DEMO_MODULES = ["unions.demo", "stations.demo", "jobs.demo", "mediation.demo", "model_workers.demo"]


class Command(BaseCommand):
    help = "Load realistic demo data (idempotent)."

    def handle(self, *args, **options):
        if not Region.objects.exists():
            raise CommandError("Load the regions first: manage.py load_regions")
        for module_name in DEMO_MODULES:
            try:
                module = import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name == module_name:
                    continue
                raise
            with transaction.atomic():
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
