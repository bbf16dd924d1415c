"""Build the five-must-visit plan of a year for every model worker on the ledger (idempotent).

    manage.py plan_visits --year 2027
"""

from django.core.management.base import BaseCommand, CommandError

from model_workers import dates, services
from model_workers.models import today


class Command(BaseCommand):
    help = "Plan the festival and birthday visits of a year for every model worker (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="Plan year (default: this year).")

    def handle(self, *args, year=None, **options):
        year = year or today().year
        try:
            result = services.plan_visits(year=year)
        except dates.OutOfRange as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Plan {year}: {result.created} created, {result.updated} updated, "
            f"{result.cancelled} cancelled, {result.unchanged} unchanged."
        )
