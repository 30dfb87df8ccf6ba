"""Idempotency keys make a double submit one post, and never swallow another post."""

import pytest

from forum.models import Post, Thread
from forum.services import post_create, thread_create
from tests.concurrency import run_concurrently
from tests.factories import CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_key_reused_in_another_thread_still_stores_the_reply(member, make_thread):
    first_thread, second_thread = make_thread(), make_thread()
    earlier = post_create(
        thread=first_thread, by=member, body="In the first thread.", idempotency_key="k"
    )
    reply = post_create(
        thread=second_thread, by=member, body="Do not lose me.", idempotency_key="k"
    )
    assert reply.pk != earlier.pk
    assert (reply.thread_id, reply.body) == (second_thread.pk, "Do not lose me.")
    again = post_create(
        thread=second_thread, by=member, body="Do not lose me.", idempotency_key="k"
    )
    assert again.pk == reply.pk
    assert Post.objects.filter(author=member, idempotency_key="k").count() == 2


def test_reply_with_reused_key_redirects_to_its_own_post(client, member, make_thread):
    first_thread, second_thread = make_thread(), make_thread()
    post_create(thread=first_thread, by=member, body="Earlier.", idempotency_key="k")
    client.force_login(member)
    response = client.post(
        f"/t/{second_thread.pk}/reply/",
        {"body": "Kept text.", "idempotency_key": "k"},
    )
    post = second_thread.posts.get(body="Kept text.")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#post-{post.pk}")


def test_key_that_started_a_thread_elsewhere_starts_a_new_thread(member, category):
    other = CategoryFactory()
    first = thread_create(
        category=other, by=member, title="One", body="First.", idempotency_key="t"
    )
    second = thread_create(
        category=category, by=member, title="Two", body="Second.", idempotency_key="t"
    )
    assert second.pk != first.pk
    assert second.category == category
    assert second.posts.get().body == "Second."


def test_double_submitted_thread_in_one_category_makes_one_thread(member, category):
    first = thread_create(
        category=category, by=member, title="One", body="x", idempotency_key="t"
    )
    second = thread_create(
        category=category, by=member, title="One", body="x", idempotency_key="t"
    )
    assert first.pk == second.pk
    assert category.threads.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_of_a_new_thread_makes_one_thread(category):
    """Nothing locks a thread that does not exist yet: the constraint on first posts
    (one per author and key) is what lets exactly one through."""
    author = UserFactory()

    def submit():
        return thread_create(
            category=category,
            by=author,
            title="Once",
            body="Once.",
            idempotency_key="race",
        )

    results = run_concurrently([submit, submit])
    assert len({thread.pk for thread in results}) == 1
    assert Thread.objects.filter(category=category).count() == 1
