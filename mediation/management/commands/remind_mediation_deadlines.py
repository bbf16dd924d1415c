"""E-mail mediators about cases near or past their 15-day deadline. Run daily by cron:

    15 8 * * *  cd /srv/portal && .venv/bin/python manage.py remind_mediation_deadlines
"""

from django.core.management.base import BaseCommand

from mediation import services


class Command(BaseCommand):
    help = "E-mail mediators the cases near or past their 15-day mediation deadline (once a day)."

    def handle(self, *args, **options):
        sent = services.deadline_reminders_send()
        self.stdout.write(f"Reminders sent: {sent}")
