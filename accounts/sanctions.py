"""How the end of a silence or suspension (User.silenced_until, suspended_until) is told."""

from datetime import UTC, datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

# "Indefinitely" is stored as a date far enough to never arrive and early enough for
# every database to hold; it means "until a moderator lifts it" and is never shown.
INDEFINITE = datetime(9999, 12, 31, tzinfo=UTC)


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
