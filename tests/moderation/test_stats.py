from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from moderation.models import AuditEntry, Case, Flag, FlagReason
from moderation.selectors import moderation_stats
from moderation.services import case_hide, flag_create

pytestmark = pytest.mark.django_db


def _start_of_month(months_back: int) -> datetime:
    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months_back, 12)
    return timezone.make_aware(datetime(year, month + 1, 1))


def _decided_case_at(post, member, moderator, *, flagged: datetime, decided: datetime):
    flag_create(post=post, by=member, reason=FlagReason.SPAM)
    case = Case.objects.get(post=post)
    entry = case_hide(case=case, by=moderator, reason="Ad.", guideline="no_spam")
    Flag.objects.filter(case=case).update(created_at=flagged)
    Case.objects.filter(pk=case.pk).update(created_at=flagged, decided_at=decided)
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=decided)


def test_a_case_just_after_midnight_on_the_first_counts_in_that_local_month(
    post, member, moderator
):
    # 00:30 on the 1st in Brussels is still the previous month in UTC.
    start = _start_of_month(0)
    assert start.astimezone(UTC).month != start.month
    _decided_case_at(
        post,
        member,
        moderator,
        flagged=start + timedelta(minutes=10),
        decided=start + timedelta(minutes=40),
    )
    months = moderation_stats(viewer=moderator)
    assert [stats.month for stats in months] == [start.date()]
    (stats,) = months
    assert sum(stats.flags_by_reason.values()) == 1
    assert stats.actions == {"Post hidden": 1}
    assert stats.median_hours_to_decision == 0.5


def test_statistics_cover_the_last_six_local_calendar_months(
    make_post, member, moderator
):
    earliest = _start_of_month(5)
    _decided_case_at(
        make_post(),
        member,
        moderator,
        flagged=earliest + timedelta(minutes=10),
        decided=earliest + timedelta(minutes=20),
    )
    _decided_case_at(
        make_post(),
        member,
        moderator,
        flagged=earliest - timedelta(minutes=20),
        decided=earliest - timedelta(minutes=10),
    )
    months = moderation_stats(viewer=moderator, months=6)
    assert [stats.month for stats in months] == [earliest.date()]
    assert months[0].actions == {"Post hidden": 1}
