from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import formats, timezone

from moderation.models import APPEAL_WINDOW, Case, FlagReason, Statement
from moderation.services import appeal_create, case_hide, flag_create, statement_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(post, member, moderator, author):
    flag_create(post=post, by=member, reason=FlagReason.ABUSE)
    case_hide(
        case=Case.objects.get(), by=moderator, reason="Rude.", guideline="respect"
    )
    return Statement.objects.get(user=author)


def _created_at(statement: Statement, when: datetime) -> Statement:
    Statement.objects.filter(pk=statement.pk).update(created_at=when)
    statement.refresh_from_db()
    return statement


def test_notification_and_notice_page_name_the_same_last_day(client, statement, author):
    # 23:30 UTC is already the next day in Brussels, the site's TIME_ZONE.
    statement = _created_at(statement, datetime(2025, 12, 1, 23, 30, tzinfo=UTC))
    last_day = formats.date_format(date(2026, 6, 3), "DATE_FORMAT")
    day_before = formats.date_format(date(2026, 6, 2), "DATE_FORMAT")
    # The notification's text is this summary, written when the statement is made.
    assert last_day in statement_summary(statement)
    client.force_login(author)
    page = client.get(f"/notices/{statement.pk}/").content.decode()
    assert last_day in page
    assert day_before not in page


def test_a_member_can_appeal_on_the_last_day_the_notice_names(statement, author):
    start_of_today = timezone.localtime().replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    statement = _created_at(statement, start_of_today - APPEAL_WINDOW)
    assert statement.appeal_last_day == timezone.localdate()
    appeal_create(statement=statement, by=author, text="I was quoting someone.")


def test_appeals_close_the_day_after_the_last_day(statement, author):
    start_of_today = timezone.localtime().replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    statement = _created_at(
        statement, start_of_today - APPEAL_WINDOW - timedelta(seconds=1)
    )
    with pytest.raises(ValidationError):
        appeal_create(statement=statement, by=author, text="Late.")
