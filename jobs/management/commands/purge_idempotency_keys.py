"""Delete stored API idempotency records older than their retention (run daily)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from jobs.idempotency import RETENTION
from jobs.models import IdempotencyRecord


class Command(BaseCommand):
    help = "Delete Idempotency-Key records older than the retention period."

    def handle(self, *args, **options):
        deleted, _detail = IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - RETENTION).delete()
        self.stdout.write(f"Deleted {deleted} idempotency record(s).")
