import pytest

from forum.models import ThreadEvent
from forum.services import post_create
from tests.concurrency import run_concurrently
from tests.factories import ThreadFactory, UserFactory
from tests.services import require_postgres

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 20


def test_concurrent_replies_get_consecutive_seqs_on_postgresql(settings):
    require_postgres()
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    thread = ThreadFactory()
    authors = [UserFactory() for _ in range(WRITERS)]

    def writer(author):
        return lambda: post_create(
            thread=thread, by=author, body=f"Reply from {author.username}"
        )

    run_concurrently([writer(author) for author in authors])
    events = list(thread.events.order_by("seq").values_list("seq", "kind", "payload"))
    assert [seq for seq, _, _ in events] == list(range(1, WRITERS + 1))
    assert {kind for _, kind, _ in events} == {"post.created"}
    assert len({payload["post"]["id"] for _, _, payload in events}) == WRITERS
    # Post numbers were allocated in the same order as seqs.
    numbers = [payload["post"]["number"] for _, _, payload in events]
    assert numbers == sorted(numbers) == list(range(2, WRITERS + 2))
    thread.refresh_from_db()
    assert thread.last_event_seq == WRITERS
    assert ThreadEvent.objects.filter(thread=thread).count() == WRITERS
