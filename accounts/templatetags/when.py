"""Template filters for dates and times: `{% load when %}`, then `|moment`, `|day`,
`|month` and `|ago` (core.dates). Every page shows time through these or through the
named formats of config/formats, never a format string of its own."""

from django import template

from core import dates

register = template.Library()

register.filter("moment", dates.moment)
register.filter("day", dates.day)
register.filter("month", dates.month)


@register.filter
def ago(value):
    return dates.ago(value)
