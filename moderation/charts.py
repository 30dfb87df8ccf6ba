"""A small server-rendered SVG bar chart for /moderation/stats/ (no JavaScript library)."""

from dataclasses import dataclass

from django.utils import formats

from moderation.selectors import MonthStats

WIDTH = 640
HEIGHT = 240
MARGIN = 32
BAR_GAP = 4


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    value: int
    css_class: str
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: int
    bars: list[Bar]
    labels: list[tuple[int, str]]
    maximum: int


def stats_chart(months: list[MonthStats]) -> Chart:
    """Two bars per month: flags received and moderator actions taken."""
    maximum = max(
        [sum(m.flags_by_reason.values()) for m in months]
        + [sum(m.actions.values()) for m in months]
        + [1]
    )
    plot_height = HEIGHT - 2 * MARGIN
    slot = (WIDTH - 2 * MARGIN) // max(len(months), 1)
    bar_width = max((slot - 3 * BAR_GAP) // 2, 2)
    bars = []
    labels = []
    for index, month in enumerate(months):
        name = formats.date_format(month.month, "YEAR_MONTH_FORMAT")
        left = MARGIN + index * slot + BAR_GAP
        for offset, (value, css_class) in enumerate(
            [
                (sum(month.flags_by_reason.values()), "bar-flags"),
                (sum(month.actions.values()), "bar-actions"),
            ]
        ):
            height = round(plot_height * value / maximum)
            bars.append(
                Bar(
                    x=left + offset * (bar_width + BAR_GAP),
                    y=HEIGHT - MARGIN - height,
                    width=bar_width,
                    height=height,
                    value=value,
                    css_class=css_class,
                    label=name,
                )
            )
        labels.append((left + bar_width, name))
    return Chart(WIDTH, HEIGHT, HEIGHT - MARGIN, bars, labels, maximum)
