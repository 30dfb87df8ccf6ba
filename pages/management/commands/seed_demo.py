from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import demo as accounts_demo
from accounts import throttle
from exchange import demo as exchange_demo
from forum import demo as forum_demo
from moderation import demo as moderation_demo
from voice import demo_stories as voice_demo_stories

# Each app seeds its own part, in this order (later apps build on earlier ones).
DEMO_PARTS = [
    accounts_demo,
    forum_demo,
    exchange_demo,
    moderation_demo,
    voice_demo_stories,
]
DEMO_ACCOUNTS = [
    ("demo_member", "member"),
    ("demo_editor", "organisation editor"),
    ("demo_moderator", "moderator"),
    ("demo_admin", "admin (also /admin/)"),
]


class Command(BaseCommand):
    help = "Create fictional demo organisations, members and content. Running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Allow running with DJANGO_DEBUG=0."
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a known password; with DJANGO_DEBUG=0 "
                "it only runs with --force."
            )
        # Demo content is typed by no member: members' rate limits do not apply, and
        # counts left in Redis by an earlier database must not stop a new seed.
        with throttle.rate_limits_waived(), transaction.atomic():
            for part in DEMO_PARTS:
                part.seed(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Demo accounts, password {settings.DEMO_PASSWORD!r}:")
        )
        for username, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<16} {role}")
