"""A member's thread list: "New", "N unread" or nothing, from two queries at most."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.models import PostStatus
from forum.services import read_state_mark
from tests.forum.conftest import add_replies

pytestmark = pytest.mark.django_db


def badge(html: str, title: str) -> str:
    row = html[html.index(f">{title}</a>") :]
    row = row[: row.index("</li>")]
    found = re.search(r'class="badge badge-unread"[^>]*>([^<]+)<', row)
    return found.group(1) if found else ""


def test_each_row_shows_what_the_member_has_not_read(client, member, make_thread):
    never = make_thread(title="Never opened")
    behind = add_replies(make_thread(title="Behind"), 5)
    done = add_replies(make_thread(title="Read to the end"), 3)
    other_behind = add_replies(make_thread(title="Also behind"), 4)
    read_state_mark(thread=behind, by=member, number=2)
    read_state_mark(thread=done, by=member, number=done.last_post_number)
    read_state_mark(thread=other_behind, by=member, number=4)
    # A hidden post after the last one read is not unread.
    behind.posts.filter(number=5).update(status=PostStatus.HIDDEN)
    client.force_login(member)

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/c/general/").content.decode()

    assert badge(html, never.title) == "New"
    assert badge(html, behind.title) == "3 unread"
    assert badge(html, done.title) == ""
    assert badge(html, other_behind.title) == "1 unread"
    counts = [
        q["sql"]
        for q in post_queries(queries)
        if "COUNT(" in q["sql"] and "forum_post" in q["sql"]
    ]
    assert len(counts) == 1


def test_no_count_is_made_when_nothing_is_behind(client, member, make_thread):
    done = add_replies(make_thread(title="Read"), 3)
    read_state_mark(thread=done, by=member, number=done.last_post_number)
    make_thread(title="Never opened")
    client.force_login(member)

    with CaptureQueriesContext(connection) as queries:
        client.get("/c/general/")

    assert not [q for q in post_queries(queries) if '"forum_post"' in q["sql"]]


def post_queries(queries) -> list[dict]:
    """The page's queries but the header's notification count, which checks the posts
    its notifications are about."""
    return [
        q for q in queries.captured_queries if "accounts_notification" not in q["sql"]
    ]
