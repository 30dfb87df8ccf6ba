"""Dates and times through one set of formats per language: day first, local month
names, 24-hour times, relative times that never say "0 minutes"."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import formats, timezone, translation

from accounts.sanctions import silence_message, suspension_message
from core import dates
from moderation.models import Case
from tests.factories import PostFactory

# 23:44 UTC is 00:44 the next day in the site's time zone (Europe/Brussels, winter).
MOMENT = datetime(2026, 12, 1, 23, 44, tzinfo=UTC)
ENGLISH_MONTHS = re.compile(r"\b(Dec|December)\b")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "2 December 2026, 00:44"),
        ("it", "2 "),
        ("sr-latn", "2. "),
        ("bs", "2. "),
    ],
)
def test_a_moment_is_day_first_in_the_readers_time_zone(language, expected):
    with translation.override(language):
        text = dates.moment(MOMENT)
    assert text.startswith(expected)
    assert text.endswith("2026, 00:44")


@pytest.mark.parametrize("language", ["it", "sr-latn", "bs"])
def test_month_names_are_the_readers_not_english(language):
    with translation.override(language):
        for text in (dates.moment(MOMENT), dates.day(MOMENT), dates.month(MOMENT)):
            assert not ENGLISH_MONTHS.search(text), text


@pytest.mark.parametrize("language", ["en", "it", "sr-latn", "bs"])
@pytest.mark.parametrize(
    "name",
    [
        "DATE_FORMAT",
        "DATETIME_FORMAT",
        "SHORT_DATE_FORMAT",
        "SHORT_DATETIME_FORMAT",
        "MONTH_DAY_FORMAT",
    ],
)
def test_no_named_format_puts_the_month_first(language, name):
    with translation.override(language):
        text = formats.date_format(datetime(2026, 12, 9, 14, 5), name)
    assert text.lstrip("0").startswith("9"), (language, name, text)


@pytest.mark.parametrize("language", ["en", "it", "sr-latn", "bs"])
def test_a_time_at_the_end_of_a_sentence_has_one_full_stop(language):
    until = timezone.now() + timedelta(days=3)
    with translation.override(language):
        for message in (suspension_message(until), silence_message(until)):
            assert not message.endswith(".."), message
            assert "a.m." not in message and "p.m." not in message


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "just now"),
        (1, "just now"),
        (59, "just now"),
        (-20, "just now"),
        (60, "1 minute ago"),
        (119, "1 minute ago"),
        (59 * 60 + 59, "59 minutes ago"),
        (3600, "1 hour ago"),
        (86400 * 2, "2 days ago"),
        (86400 * 8, "24 November 2026"),
    ],
)
def test_relative_times_never_say_zero(seconds, text):
    now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    assert dates.ago(now - timedelta(seconds=seconds), now=now) == text


def test_the_template_filters_are_the_same_functions():
    rendered = Template(
        "{% load when %}{{ t|moment }}|{{ t|day }}|{{ t|month }}|{{ t|ago }}"
    ).render(Context({"t": MOMENT}))
    assert rendered == (
        f"{dates.moment(MOMENT)}|{dates.day(MOMENT)}|{dates.month(MOMENT)}|"
        f"{dates.ago(MOMENT)}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "it", "sr-latn", "bs"])
def test_a_post_shows_its_time_in_the_readers_format(client, language):
    post = PostFactory(created_at=MOMENT, number=2)
    page = client.get(
        post.thread.get_absolute_url() + "?page=1",
        headers={"accept-language": language},
    ).text
    with translation.override(language):
        expected = dates.moment(MOMENT)
    assert f">{expected}</time>" in page


@pytest.mark.django_db
def test_a_case_opened_seconds_ago_is_just_now_not_zero_minutes(client, moderator):
    Case.objects.create(post=PostFactory())
    client.force_login(moderator)
    page = client.get("/moderation/").text
    assert "0 minutes" not in page
    assert "just now" in page
