"""E-mail contact persons the model-worker visits that are due or overdue. Run daily from cron:

    15 7 * * *  cd /srv/portal && .venv/bin/python manage.py remind_visits
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from model_workers import services


class Command(BaseCommand):
    help = "Remind contact persons of due and overdue model-worker visits by e-mail."

    def add_arguments(self, parser):
        parser.add_argument("--date", default=None, help="Act as if today were this day (YYYY-MM-DD).")

    def handle(self, *args, date=None, **options):
        on = None
        if date:
            try:
                on = _parse(date)
            except ValueError as error:
                raise CommandError("--date must be YYYY-MM-DD") from error
        counts = services.remind_visits(on=on)
        self.stdout.write(
            f"Reminders: {counts['emails']} e-mails for {counts['visits']} visits; "
            f"{counts['skipped']} visits have no contact e-mail."
        )


def _parse(value: str) -> date:
    return date.fromisoformat(value)
