import pytest

from core.text import render_markdown
from forum.models import Post, Thread
from forum.services.counters import thread_counters_refresh
from tests.factories import CategoryFactory, ThreadFactory, UserFactory

# The socket fixtures, for the forum tests of live access (moves, category changes).
from tests.live.conftest import channel_layer, open_socket  # noqa: F401


@pytest.fixture(autouse=True)
def _publish_at_once(settings):
    """Publish members' posts at once; the first-posts approval rule is tested apart."""
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0


@pytest.fixture
def category(db):
    return CategoryFactory(slug="general", name="General")


@pytest.fixture
def members_category(db):
    return CategoryFactory(slug="inner", name="Inner circle", visibility="members")


def add_replies(thread: Thread, count: int, *, authors=None) -> Thread:
    """Append `count` published replies fast (bulk), with counters as the services keep them."""
    authors = authors or [UserFactory() for _ in range(3)]
    html = render_markdown("A reply with *emphasis* and a [link](https://example.org).")
    start = thread.last_post_number + 1
    Post.objects.bulk_create(
        [
            Post(
                thread=thread,
                number=number,
                author=authors[number % len(authors)],
                body="A reply with *emphasis* and a [link](https://example.org).",
                body_html=html,
            )
            for number in range(start, start + count)
        ],
        batch_size=1000,
    )
    Thread.objects.filter(pk=thread.pk).update(last_post_number=start + count - 1)
    thread.refresh_from_db()
    thread_counters_refresh(thread)
    thread.refresh_from_db()
    return thread


@pytest.fixture
def make_thread(db, category):
    def make(replies: int = 0, **kwargs) -> Thread:
        kwargs.setdefault("category", category)
        thread = ThreadFactory(**kwargs)
        thread_counters_refresh(thread)
        thread.refresh_from_db()
        if replies:
            thread = add_replies(thread, replies)
        return thread

    return make
