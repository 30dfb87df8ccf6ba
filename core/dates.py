"""Dates and times as a reader sees them: one place for every page, e-mail and notice.

Absolute moments are shown in the active time zone with the active language's formats
(config/formats/<locale>/formats.py: day first, 24-hour clock, local month names).
Relative ones ("3 minutes ago") never say "0 minutes": under a minute is "just now", and
past a week the date is given instead.
"""

from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext, pgettext_lazy

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR
WEEK = 7 * DAY


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def moment(value: datetime | None) -> str:
    """Date and time: "6 December 2026, 14:30", "6. decembra 2026, 14:30"."""
    if not value:
        return ""
    return formats.date_format(_local(value), "DATETIME_FORMAT")


def day(value: date | datetime | None) -> str:
    """Date only: "6 December 2026"."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = _local(value)
    return formats.date_format(value, "DATE_FORMAT")


def month(value: date | datetime | None) -> str:
    """Month and year: "December 2026"."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = _local(value)
    return formats.date_format(value, "YEAR_MONTH_FORMAT")


def ago(value: datetime | None, *, now: datetime | None = None) -> str:
    """How long ago, in whole units, never zero; the date itself past a week."""
    if not value:
        return ""
    now = now or timezone.now()
    seconds = (now - value).total_seconds()
    # A clock a little ahead on another machine is still "just now".
    if seconds < MINUTE:
        return gettext("just now")
    if seconds < HOUR:
        count = int(seconds // MINUTE)
        return ngettext("%(count)d minute ago", "%(count)d minutes ago", count) % {
            "count": count
        }
    if seconds < DAY:
        count = int(seconds // HOUR)
        return ngettext("%(count)d hour ago", "%(count)d hours ago", count) % {
            "count": count
        }
    if seconds < WEEK:
        count = int(seconds // DAY)
        return ngettext("%(count)d day ago", "%(count)d days ago", count) % {
            "count": count
        }
    return day(value)


# Django's catalogues name months as a heading would ("Dicembre" in Italian, "Decembar"
# for the genitive in Serbian): marked here so that the project's catalogues, which take
# precedence, give the forms a date needs ("6 dicembre", "6. decembra").
MONTH_NAMES_IN_A_DATE = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
