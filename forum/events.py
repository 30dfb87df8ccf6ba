"""The only module that stores live events and wakes the channel layer (SPEC §5).

Each function records one wire event in the caller's transaction, with the thread's next
`seq`, and registers the wake-up to run after commit. A channel-layer failure is logged by
`on_commit(robust=True)` and never fails the request; clients catch up from the stored log.
"""

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import F

from forum.models import Post, Thread, ThreadEvent

logger = logging.getLogger(__name__)


def thread_group(thread_id: int) -> str:
    return f"thread.{thread_id}"


def post_payload(post: Post) -> dict[str, Any]:
    """The public shape of a post on the wire: stored sanitised HTML, no per-viewer controls."""
    return {
        "id": post.pk,
        "number": post.number,
        "author": post.author.username if post.author_id else None,
        "html": post.body_html,
        "created": post.created_at.isoformat(),
        "edited": post.edited_at.isoformat() if post.edited_at else None,
        "version": post.version,
    }


def _record(thread_id: int, kind: str, payload: dict[str, Any]) -> ThreadEvent:
    # The UPDATE takes the thread's row lock until commit, so concurrent writers get
    # consecutive seqs with no gap and no duplicate (SQLite: IMMEDIATE serialises them).
    Thread.objects.filter(pk=thread_id).update(last_event_seq=F("last_event_seq") + 1)
    seq = (
        Thread.objects.filter(pk=thread_id)
        .values_list("last_event_seq", flat=True)
        .get()
    )
    event = ThreadEvent.objects.create(
        thread_id=thread_id, seq=seq, kind=kind, payload=payload
    )
    message = {"type": "thread.event", "event": wire_event(event)}
    transaction.on_commit(
        lambda: _publish(thread_group(thread_id), message), robust=True
    )
    return event


def _publish(group: str, message: dict[str, Any]) -> None:
    async_to_sync(get_channel_layer().group_send)(group, message)


def wire_event(event: ThreadEvent) -> dict[str, Any]:
    return {"type": event.kind, "seq": event.seq, **event.payload}


def post_created(post: Post) -> ThreadEvent:
    return _record(post.thread_id, "post.created", {"post": post_payload(post)})


def post_updated(post: Post) -> ThreadEvent:
    return _record(post.thread_id, "post.updated", {"post": post_payload(post)})


def post_hidden(post: Post) -> ThreadEvent:
    return _record(post.thread_id, "post.hidden", {"post": {"id": post.pk}})


def post_restored(post: Post) -> ThreadEvent:
    return _record(post.thread_id, "post.restored", {"post": post_payload(post)})


def thread_locked(thread: Thread) -> ThreadEvent:
    return _record(thread.pk, "thread.locked", {})


def thread_unlocked(thread: Thread) -> ThreadEvent:
    return _record(thread.pk, "thread.unlocked", {})
