from django.core.management.base import BaseCommand

from accounts.services.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Erase personal data past its retention period (login history and IP "
        "addresses, unconfirmed accounts, and what other apps register). Run daily."
    )

    def handle(self, *args, **options):
        counts = retention_apply()
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
