from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from forum.events import events_prune

DEFAULT_RETENTION_DAYS = 30


class Command(BaseCommand):
    help = (
        "Delete live thread events older than the retention period. A client that "
        "asks to replay a pruned event is told to reload (resync)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_RETENTION_DAYS,
            help=f"keep this many days of events (default {DEFAULT_RETENTION_DAYS})",
        )

    def handle(self, *args, days: int, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        deleted = events_prune(before=timezone.now() - timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} thread events older than {days} days.")
