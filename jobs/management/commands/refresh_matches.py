"""Re-score every active intention against the published postings (nightly; publishing and
registering already match in real time)."""

from django.core.management.base import BaseCommand

from jobs import services


class Command(BaseCommand):
    help = "Refresh the matches of all active job intentions (in SQL)."

    def handle(self, *args, **options):
        written = services.matches_refresh()
        self.stdout.write(f"Matches written or updated: {len(written)}.")
