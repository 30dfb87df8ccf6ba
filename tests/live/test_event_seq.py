import threading

import pytest
from django.db import connection

from forum.models import ThreadEvent
from forum.services import post_create
from tests.factories import ThreadFactory, UserFactory
from tests.services import require_postgres

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 20


def test_concurrent_replies_get_consecutive_seqs_on_postgresql(settings):
    require_postgres()
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    thread = ThreadFactory()
    authors = [UserFactory() for _ in range(WRITERS)]
    start = threading.Barrier(WRITERS)
    errors = []

    def write(author):
        try:
            start.wait(timeout=30)
            post_create(thread=thread, by=author, body=f"Reply from {author.username}")
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=write, args=(a,)) for a in authors]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    assert errors == []
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
