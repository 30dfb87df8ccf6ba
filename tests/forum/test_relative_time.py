"""A thread row prints its last post's absolute time; the browser restates it as "ago".

The row's markup therefore depends on the thread alone, never on the clock of the
request, so the fragment cache keeps serving it as time passes.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone

from forum.fragments import CACHE_ALIAS
from forum.models import Thread
from tests.factories import ThreadFactory
from tests.forum.conftest import add_replies

pytestmark = pytest.mark.django_db

ROW_PARTIAL = "forum/partials/_thread_row.html"


@pytest.fixture(autouse=True)
def _empty_fragment_cache():
    caches[CACHE_ALIAS].clear()


def rows(response) -> str:
    html = response.content.decode()
    return html[html.index('<ul class="thread-list">') : html.index("</ul>\n  ")]


def test_a_row_shows_the_absolute_time_without_javascript(client, category):
    thread = add_replies(ThreadFactory(category=category), 1)
    moment = datetime(2026, 3, 4, 16, 5, tzinfo=UTC)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=moment)

    html = client.get(category.get_absolute_url()).content.decode()

    # 16:05 UTC is 17:05 in the site's zone (Europe/Brussels, winter time).
    stamp = re.search(r'<time datetime="([^"]+)" data-relative>([^<]+)</time>', html)
    assert stamp, "the row's time element is missing"
    assert stamp.group(1) == "2026-03-04T17:05:00+01:00"
    assert stamp.group(2) == "4 March 2026, 17:05"
    assert " ago" not in html


def test_a_row_reads_in_the_pages_language(client, category):
    thread = add_replies(ThreadFactory(category=category), 1)
    moment = datetime(2026, 3, 4, 16, 5, tzinfo=UTC)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=moment)

    html = client.get(
        category.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="it"
    ).content.decode()

    assert "4 marzo 2026" in html


def test_a_row_cached_a_while_ago_is_served_unchanged(client, category):
    """Only the clock moves: the row must come from the cache, not be rendered again."""
    thread = add_replies(ThreadFactory(category=category), 1)
    # A post a few seconds old: "ago" text computed on the server would read
    # "N seconds ago" and differ from one request to the next.
    Thread.objects.filter(pk=thread.pk).update(
        last_post_at=timezone.now() - timedelta(seconds=1)
    )
    first = client.get(category.get_absolute_url())
    assert ROW_PARTIAL in {template.name for template in first.templates}
    second = client.get(category.get_absolute_url())

    assert ROW_PARTIAL not in {template.name for template in second.templates}
    assert rows(second) == rows(first)


def test_the_page_loads_the_script_that_restates_times(client, category):
    add_replies(ThreadFactory(category=category), 1)
    html = client.get(category.get_absolute_url()).content.decode()
    assert re.search(r'<script type="module" src="[^"]*relative-time[^"]*\.js"', html)
