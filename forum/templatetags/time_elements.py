"""A moment shown as an absolute date that the browser may restate as "3 days ago".

The server prints the date in the page's language and time zone, so the markup depends
only on the moment (and can be cached with it); static/js/relative-time.js rewrites the
text relative to the reader's clock. Without JavaScript the absolute date stays.
"""

from datetime import datetime

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html

register = template.Library()


@register.filter
def relative_time(value: datetime | None) -> str:
    """`<time datetime="…" data-relative>6 Dec 2026, 13:18</time>`; empty for None."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return format_html(
        '<time datetime="{}" data-relative>{}</time>',
        value.isoformat(timespec="seconds"),
        formats.date_format(value, "DATETIME_FORMAT"),
    )
