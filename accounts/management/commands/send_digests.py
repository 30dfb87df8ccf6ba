"""`manage.py send_digests [--period daily|weekly]`: run from cron; safe to run again."""

from django.core.management.base import BaseCommand

from accounts.notification_kinds import EmailChoice
from accounts.services import digests_send


class Command(BaseCommand):
    help = (
        "E-mail each member the digest of this period (daily, weekly or both). "
        "Running it again in the same period sends nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            choices=[EmailChoice.DAILY, EmailChoice.WEEKLY, "all"],
            default="all",
        )

    def handle(self, *args, period: str, **options):
        periods = (
            [EmailChoice.DAILY, EmailChoice.WEEKLY] if period == "all" else [period]
        )
        for name in periods:
            sent = digests_send(period=name)
            self.stdout.write(f"{name}: {sent} digest(s) sent")
