"""How the end of a silence or suspension (User.silenced_until, suspended_until) is told."""

from collections.abc import Callable
from datetime import UTC, datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User

# "Indefinitely" is stored as a date far enough to never arrive and early enough for
# every database to hold; it means "until a moderator lifts it" and is never shown.
INDEFINITE = datetime(9999, 12, 31, tzinfo=UTC)


# The app that records suspensions (moderation) tells where a suspended member reads
# why; it registers in its AppConfig.ready(). Without one there is no link to give.
def _no_statement_link(user: User) -> str:
    return ""


_statement_link_for: Callable[[User], str] = _no_statement_link


def suspension_link_register(link_for: Callable[[User], str]) -> Callable[[User], str]:
    """Make `link_for(user)` give a suspended member's statement link; returns the
    one it replaces."""
    global _statement_link_for
    previous, _statement_link_for = _statement_link_for, link_for
    return previous


def suspension_statement_link(user: User) -> str:
    """A link to the statement of the member's latest suspension, or ""."""
    return _statement_link_for(user)


def is_indefinite(until: datetime) -> bool:
    return until.year == INDEFINITE.year


def sanction_end(until: datetime) -> str:
    """The end time in the active language's format and the site's time zone."""
    return formats.date_format(timezone.localtime(until), "DATETIME_FORMAT")


def suspension_message(until: datetime) -> str:
    if is_indefinite(until):
        return _("Your account is suspended until a moderator lifts the suspension.")
    return _("Your account is suspended until %(date)s.") % {
        "date": sanction_end(until)
    }


def silence_message(until: datetime) -> str:
    if is_indefinite(until):
        return _("You can read but not post until a moderator lifts the silence.")
    return _("You can read but not post until %(date)s.") % {
        "date": sanction_end(until)
    }
