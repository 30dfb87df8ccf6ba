"""Pages run a fixed number of queries whatever the number of posts, threads and tags."""

import pytest
from django.contrib.contenttypes.models import ContentType

from forum.models import Thread
from forum.services import reaction_toggle, read_state_mark
from tests.factories import CategoryFactory, ThreadFactory, UserFactory
from tests.forum.conftest import add_replies

pytestmark = pytest.mark.django_db

# Session and user, thread (with category and author), its tags, the page of posts (with
# authors), the viewer's reactions on them, the blocks between the viewer and others (one
# query, shared by the posts and the live script's lists), the read-state write (update,
# insert-or-ignore) and the header's unread-notification count.
THREAD_PAGE_QUERIES = 10
# Category: session and user, category, threads, tags, the member's read states of the
# listed threads and one count of their unread posts, the notification count, and the
# viewer's follow level (the follow form). Two simple queries cost less than the
# correlated subqueries per row they replace.
CATEGORY_PAGE_QUERIES = 9
# Home: +1 for the exchange's latest write-ups (none here; see tests/exchange).
HOME_QUERIES = 9
# Session, user, thread and tags; the double-submit check before and under the thread's
# row lock; watched words; the post; category and thread counters; the event's seq and
# row; the read state; the search entry (and on SQLite its FTS5 row); the transaction's
# own statements; watching the thread (one insert-or-ignore); the thread's follows, the
# recipients and their mutes; the starter's notification (insert in a savepoint); the
# blocks: the poster's (before screening), the recipients', and the one recipient's
# pair as notification_send checks it.
REPLY_QUERIES = 28


def busy_thread(category, replies: int) -> Thread:
    thread = ThreadFactory(category=category)
    authors = [UserFactory() for _ in range(min(replies, 25))]
    thread = add_replies(thread, replies, authors=authors)
    thread.tags.set([f"tag{n}" for n in range(5)])
    for post in thread.posts.order_by("-number")[:20]:
        for reactor in authors[:3]:
            if reactor.pk != post.author_id:
                reaction_toggle(post=post, by=reactor, kind="support")
    return thread


@pytest.mark.parametrize("replies", [10, 1000])
def test_thread_page_queries_do_not_grow(
    client, member, replies, django_assert_max_num_queries
):
    thread = busy_thread(CategoryFactory(), replies)
    read_state_mark(thread=thread, by=member, number=thread.last_post_number)
    client.force_login(member)
    last = (thread.last_post_number - 1) // 20 + 1
    for page in (1, last):
        # As in a fresh process: no content type cached yet.
        ContentType.objects.clear_cache()
        with django_assert_max_num_queries(THREAD_PAGE_QUERIES):
            response = client.get(f"{thread.get_absolute_url()}?page={page}")
        assert response.status_code == 200


@pytest.mark.parametrize("threads", [10, 300])
def test_category_page_queries_do_not_grow(
    client, member, threads, django_assert_max_num_queries
):
    category = CategoryFactory(slug="busy")
    authors = [UserFactory() for _ in range(10)]
    for n in range(threads):
        thread = ThreadFactory(category=category, author=authors[n % 10])
        thread.tags.set([f"t{n % 7}", f"u{n % 5}"])
    from forum.services import category_counters_refresh

    category_counters_refresh(category.pk)
    read_state_mark(thread=thread, by=member, number=1)
    client.force_login(member)
    with django_assert_max_num_queries(CATEGORY_PAGE_QUERIES):
        response = client.get("/c/busy/?page=2" if threads > 25 else "/c/busy/")
    assert response.status_code == 200
    client.logout()
    with django_assert_max_num_queries(CATEGORY_PAGE_QUERIES):
        assert client.get("/c/busy/").status_code == 200


@pytest.mark.parametrize("size", [10, 1000])
def test_home_page_queries_do_not_grow(
    client, member, size, django_assert_max_num_queries
):
    for index in range(8):
        category = CategoryFactory()
        thread = ThreadFactory(category=category)
        thread.tags.set(["a", "b"])
        if index == 0:
            add_replies(thread, size)
    client.force_login(member)
    with django_assert_max_num_queries(HOME_QUERIES):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("replies", [10, 1000])
def test_reply_queries_do_not_grow(
    client, member, replies, django_assert_max_num_queries
):
    thread = busy_thread(CategoryFactory(), replies)
    client.force_login(member)
    with django_assert_max_num_queries(REPLY_QUERIES):
        response = client.post(
            f"/t/{thread.pk}/reply/", {"body": "Thanks.", "idempotency_key": "k-1"}
        )
    assert response.status_code == 302
