"""Sockets of one process that open a thread together share one read of its head and log.

Five hundred sockets opening one thread must cost a few reads, not five hundred
(docs/performance.md, "Reply to frame"): each read returns one Thread object, so sockets
that shared a read hold the same object.
"""

import asyncio

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from forum import events
from forum.live.consumers import thread_reader
from tests.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def thread_with_replies(count: int):
    thread = ThreadFactory()
    for _ in range(count):
        with transaction.atomic():
            events.post_created(PostFactory(thread=thread))
    return thread


async def test_sockets_opening_together_share_one_read(settings):
    thread = await thread_with_replies(3)
    afters = [None, 0, 1, 2, 3] * 40

    results = await asyncio.gather(*(thread_reader.read(thread.pk, a) for a in afters))

    assert len({id(read_thread) for read_thread, _ in results}) == 1
    # Each socket still gets the replay after its own `after`, up to the one head.
    for after, (_, replay) in zip(afters, results, strict=True):
        assert replay.head == 3
        assert [event["seq"] for event in replay.events] == (
            [] if after is None else list(range(after + 1, 4))
        )


async def test_a_socket_arriving_after_a_read_started_reads_again():
    """A shared read that has started may already be past an event the newcomer needs:
    it must not be joined."""
    thread = await thread_with_replies(1)
    first, _ = await thread_reader.read(thread.pk, None)
    await thread_with_replies_on(thread)
    second, replay = await thread_reader.read(thread.pk, 1)

    assert second is not first
    assert replay.head == 2
    assert [event["seq"] for event in replay.events] == [2]


@database_sync_to_async
def thread_with_replies_on(thread):
    with transaction.atomic():
        events.post_created(PostFactory(thread=thread))
