"""The browser restates each row's absolute time relative to now, in the page's language."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from forum.models import Thread
from tests.factories import CategoryFactory, ThreadFactory
from tests.forum.conftest import add_replies

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_row_times_read_as_ago_in_the_pages_language(live_site, browser):
    category = CategoryFactory(slug="general", name="General")
    old = add_replies(ThreadFactory(category=category, title="Three days"), 1)
    fresh = add_replies(ThreadFactory(category=category, title="Just now"), 1)
    now = timezone.now()
    Thread.objects.filter(pk=old.pk).update(last_post_at=now - timedelta(days=3))
    Thread.objects.filter(pk=fresh.pk).update(last_post_at=now - timedelta(seconds=5))

    for locale, three_days, just_now in (
        ("en", "3 days ago", "now"),
        ("it", "3 giorni fa", "ora"),
    ):
        context = browser.new_context(locale=locale)
        try:
            page = context.new_page()
            page.goto(f"{live_site.url}/c/general/")
            row = page.locator("li.thread-row", has_text="Three days").locator("time")
            expect(row).to_have_text(three_days)
            # The absolute date the server printed stays at hand.
            assert str((now - timedelta(days=3)).year) in row.get_attribute("title")
            expect(
                page.locator("li.thread-row", has_text="Just now").locator("time")
            ).to_have_text(just_now)
        finally:
            context.close()
