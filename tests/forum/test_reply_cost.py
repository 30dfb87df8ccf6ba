"""A reply's work does not grow with the thread, the author's history or the word list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Notification
from forum.models import FollowLevel
from forum.services import post_create
from forum.services.notify import thread_follow
from moderation import screening
from moderation.models import WatchedWord
from tests.factories import ThreadFactory, UserFactory
from tests.forum.conftest import add_replies

pytestmark = pytest.mark.django_db


def _queries_of(call) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        call()
    return [query["sql"] for query in queries.captured_queries]


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Tables this small are scanned anyway; the question is whether the
            # index can be used at all.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return " ".join(str(column) for row in cursor.fetchall() for column in row)


def test_a_double_submit_is_looked_up_through_its_unique_index(category, member):
    thread = add_replies(ThreadFactory(category=category), 50)
    sql = _queries_of(
        lambda: post_create(
            thread=thread, by=member, body="Hello.", idempotency_key="key-1"
        )
    )
    lookups = [q for q in sql if q.startswith("SELECT") and "key-1" in q]
    assert lookups
    for lookup in lookups:
        assert "post_idempotency_per_thread" in _plan(lookup)


def test_first_posts_are_counted_no_further_than_the_rule_needs(
    settings, category, member
):
    thread = ThreadFactory(category=category)
    settings.FIRST_POSTS_NEEDING_APPROVAL = 2
    sql = _queries_of(lambda: post_create(thread=thread, by=member, body="One."))
    counts = [q for q in sql if "COUNT(" in q and "forum_post" in q]
    assert len(counts) == 1
    assert "LIMIT 2" in counts[0]
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    sql = _queries_of(lambda: post_create(thread=thread, by=member, body="Two."))
    assert not [q for q in sql if "COUNT(" in q and "forum_post" in q]


def test_the_watched_word_index_is_built_once_per_word_list(category, member):
    thread = ThreadFactory(category=category)
    WatchedWord.objects.create(word="idiot", action="censor")
    post_create(thread=thread, by=member, body="Idiot.")
    built = screening._index_of.cache_info().misses
    post = post_create(thread=thread, by=member, body="An idiot again.")
    assert screening._index_of.cache_info().misses == built
    assert "idiot" not in post.body
    # A changed list is a new index at once, with no version to bump.
    WatchedWord.objects.create(word="fool", action="censor")
    post = post_create(thread=thread, by=member, body="A fool.")
    assert "fool" not in post.body


def test_a_reply_post_reads_no_tags_unless_the_page_is_shown_again(
    client, settings, category, member
):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    thread = add_replies(ThreadFactory(category=category), 2)
    thread.tags.add("relapse")
    client.force_login(member)
    url = f"/t/{thread.pk}/reply/"

    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"body": "Hello.", "idempotency_key": "k-1"})
    assert response.status_code == 302
    assert not [q for q in queries.captured_queries if "taggit" in q["sql"]]

    # A refused reply shows the thread page again, tags and all.
    refused = client.post(url, {"body": "", "idempotency_key": "k-2"})
    assert refused.status_code == 400
    assert 'class="tag"' in refused.content.decode()


@pytest.mark.parametrize("watchers", [1, 12])
def test_a_reply_told_to_its_watchers_costs_the_same_for_one_or_twelve(
    category, member, watchers
):
    thread = ThreadFactory(category=category)
    for _ in range(watchers):
        watcher = UserFactory()
        thread_follow(thread=thread, by=watcher, level=FollowLevel.WATCHING)
    sql = _queries_of(lambda: post_create(thread=thread, by=member, body="News."))
    inserts = [q for q in sql if "INSERT" in q and '"accounts_notification"' in q]
    assert len(inserts) == 1
    # The thread's starter hears of replies too.
    assert Notification.objects.filter(kind="post.reply").count() == watchers + 1
    # The author's blocks, asked for by the quotes check, the audience and the
    # sending, are read once.
    assert len([q for q in sql if "accounts_block" in q]) == 1
