"""Expire published postings past their valid-through date (run daily, e.g. from cron at 00:05)."""

from django.core.management.base import BaseCommand

from jobs import services


class Command(BaseCommand):
    help = "Expire published job postings whose validity has ended."

    def handle(self, *args, **options):
        count = services.postings_expire_due()
        self.stdout.write(f"Expired {count} posting(s).")
