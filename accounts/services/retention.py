"""Retention (docs/privacy.md): what is kept only for a while, and its erasure.

`retention_apply()` runs from `manage.py apply_retention` (cron, daily). Login history
with its IP addresses goes after RETENTION_IP_DAYS; accounts whose e-mail address was
never confirmed go after RETENTION_UNCONFIRMED_DAYS. Apps above accounts that keep data
for a while register a purger with `retention_register()` in their AppConfig.ready():
the safeguarding check-ins register theirs, reading RETENTION_CLOSED_CHECKIN_DAYS.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import LoginRecord, User

# Called with the current time; returns how many rows it erased.
Purger = Callable[[datetime], int]
_purgers: dict[str, Purger] = {}


def retention_register(name: str, purge: Purger) -> None:
    """Have `purge(now)` run with every retention pass, reported under `name`."""
    _purgers[name] = purge


def _unconfirmed_accounts(now: datetime):
    cutoff = now - timedelta(days=settings.RETENTION_UNCONFIRMED_DAYS)
    return User.objects.filter(
        email_confirmed_at__isnull=True,
        date_joined__lt=cutoff,
        erased_at__isnull=True,
        is_staff=False,
        is_superuser=False,
        is_moderator=False,
    )


@transaction.atomic
def retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    """Erase what is past its retention period; returns a count per kind. Running it
    twice erases nothing more."""
    now = now or timezone.now()
    ip_cutoff = now - timedelta(days=settings.RETENTION_IP_DAYS)
    logins, _rows = LoginRecord.objects.filter(at__lt=ip_cutoff).delete()
    # An unconfirmed account could not post, react or flag: it holds nothing others
    # rely on, so it goes whole (its consent and login rows with it).
    unconfirmed = list(_unconfirmed_accounts(now).values_list("pk", flat=True))
    User.objects.filter(pk__in=unconfirmed).delete()
    counts = {"login_history": logins, "unconfirmed_accounts": len(unconfirmed)}
    for name, purge in _purgers.items():
        counts[name] = purge(now) or 0
    return counts
