"""The only module that stores live thread events (SPEC §5).

Each thread function records one wire event in the caller's transaction, with the thread's
next `seq`, and has core.live wake the thread's sockets after commit. A channel-layer
failure never fails the request; clients catch up from the stored log. The per-category
function stores nothing: it only wakes live sockets. The per-user bus is core.live's.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils.timezone import localtime

from core.languages import language_name_local
from core.live import category_group, publish_on_commit, thread_group
from forum.models import Post, PostStatus, Thread, ThreadEvent

# Spec §5: a client that missed more than this reloads the page instead of replaying.
REPLAY_BACKLOG = 500
PRUNE_BATCH = 5_000
# Replayed from the post as it is now (see thread_replay).
POST_EVENTS = ("post.created", "post.updated", "post.restored", "post.reactions")


def post_payload(post: Post) -> dict[str, Any]:
    """The public shape of a post on the wire: stored sanitised HTML, no per-viewer controls."""
    return {
        "id": post.pk,
        "number": post.number,
        "author": (
            post.author.username if post.author_id and not post.is_anonymous else None
        ),
        "anonymous": post.is_anonymous,
        "html": post.body_html,
        "language": post.language,
        "language_name": language_name_local(post.language),
        # In the site's time zone, as pages show it: the script prints the wall clock.
        "created": localtime(post.created_at).isoformat(),
        "edited": localtime(post.edited_at).isoformat() if post.edited_at else None,
        "version": post.version,
        "reactions": reaction_counts(post),
    }


def reaction_counts(post: Post) -> dict[str, int]:
    """How many of each reaction a post has; never who gave them."""
    return {
        kind: count for kind, count in (post.reaction_counts or {}).items() if count
    }


def _next_seq(thread_id: int) -> int:
    """Take the thread's next seq: one UPDATE … RETURNING (PostgreSQL, and SQLite since
    3.35), not an UPDATE then a SELECT."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(Thread._meta.db_table)} "  # noqa: S608 - names, not input
            f"SET {quote('last_event_seq')} = {quote('last_event_seq')} + 1 "
            f"WHERE {quote('id')} = %s RETURNING {quote('last_event_seq')}",
            [thread_id],
        )
        row = cursor.fetchone()
    if row is None:
        raise Thread.DoesNotExist(f"no thread {thread_id}")
    return row[0]


def _record(thread_id: int, kind: str, payload: dict[str, Any]) -> ThreadEvent:
    # The UPDATE takes the thread's row lock until commit, so concurrent writers get
    # consecutive seqs with no gap and no duplicate (SQLite: IMMEDIATE serialises them).
    # atomic() makes that hold for a caller in autocommit mode too.
    with transaction.atomic(savepoint=False):
        seq = _next_seq(thread_id)
        event = ThreadEvent.objects.create(
            thread_id=thread_id, seq=seq, kind=kind, payload=payload
        )
        # Serialised once here, not once per socket: fan-out cost is per frame.
        publish_on_commit(
            thread_group(thread_id),
            {
                "type": "thread.event",
                "seq": seq,
                "kind": kind,
                "text": json.dumps(wire_event(event), separators=(",", ":")),
            },
        )
    return event


def wire_event(event: ThreadEvent) -> dict[str, Any]:
    return {"type": event.kind, "seq": event.seq, **event.payload}


def post_created(post: Post) -> ThreadEvent:
    return _record(post.thread_id, "post.created", {"post": post_payload(post)})


def post_updated(post: Post) -> ThreadEvent:
    return _record(post.thread_id, "post.updated", {"post": post_payload(post)})


def post_hidden(post: Post) -> ThreadEvent:
    return _record(post.thread_id, "post.hidden", {"post": {"id": post.pk}})


def post_reactions(post: Post) -> ThreadEvent:
    """The post's reaction counts changed (counts only: who reacted is never sent)."""
    return _record(
        post.thread_id,
        "post.reactions",
        {"post": {"id": post.pk, "reactions": reaction_counts(post)}},
    )


def post_restored(post: Post) -> ThreadEvent:
    return _record(post.thread_id, "post.restored", {"post": post_payload(post)})


def thread_locked(thread: Thread) -> ThreadEvent:
    return _record(thread.pk, "thread.locked", {})


def thread_unlocked(thread: Thread) -> ThreadEvent:
    return _record(thread.pk, "thread.unlocked", {})


def thread_moved(thread: Thread) -> ThreadEvent:
    """The thread changed category: every socket re-checks that its user may still read it."""
    return _record(thread.pk, "thread.moved", {"category": thread.category_id})


def category_access_changed(category_id: int) -> None:
    """A category's visibility changed: sockets on its threads re-check access (4403)."""
    publish_on_commit(category_group(category_id), {"type": "access.check"})


@dataclass
class Replay:
    """What a socket that last saw `after` must be sent before live events."""

    head: int
    events: list[dict[str, Any]] = field(default_factory=list)
    resync: bool = False


def thread_replay(
    *, thread_id: int, after: int | None, head: int | None = None
) -> Replay:
    """Stored events with seq > `after`, as the wire shows them now; or a resync.

    `head` is the thread's last_event_seq if the caller has just read it.
    """
    if head is None:
        head = (
            Thread.objects.filter(pk=thread_id)
            .values_list("last_event_seq", flat=True)
            .first()
            or 0
        )
    return thread_replays(thread_id=thread_id, afters={after}, head=head)[after]


def thread_replays(
    *, thread_id: int, afters: Iterable[int | None], head: int
) -> dict[int | None, Replay]:
    """The replay for each of `afters` up to `head`, from one read of the log.

    Post payloads and reaction counts come from the post as it is now, not as it was: a
    post hidden, rejected, deleted or erased since is sent as `post.hidden`, so a replay
    never resurrects text that a moderator or its author removed. A seq is never skipped
    (gap detection).
    """
    replays: dict[int | None, Replay] = {}
    wanted = []
    for after in set(afters):
        if after is None or after == head:
            replays[after] = Replay(head=head)
        elif after > head or head - after > REPLAY_BACKLOG:
            replays[after] = Replay(head=head, resync=True)
        else:
            wanted.append(after)
    if not wanted:
        return replays
    rows = list(
        ThreadEvent.objects.filter(
            thread_id=thread_id, seq__gt=min(wanted), seq__lte=head
        )
        .order_by("seq")
        .values_list("seq", "kind", "payload")
    )
    post_ids = {
        payload["post"]["id"] for _seq, kind, payload in rows if kind in POST_EVENTS
    }
    posts = {
        post.pk: post
        for post in Post.objects.filter(
            pk__in=post_ids, status=PostStatus.PUBLISHED
        ).select_related("author")
    }
    events = []
    for seq, kind, payload in rows:
        if kind in POST_EVENTS:
            post = posts.get(payload["post"]["id"])
            if post is None:
                kind, payload = "post.hidden", {"post": {"id": payload["post"]["id"]}}
            elif kind == "post.reactions":
                payload = {"post": {"id": post.pk, "reactions": reaction_counts(post)}}
            else:
                payload = {**payload, "post": post_payload(post)}
        events.append({"type": kind, "seq": seq, **payload})
    for after in wanted:
        missed = [event for event in events if event["seq"] > after]
        # Pruned (or never stored) events cannot be replayed: the page must reload.
        if [event["seq"] for event in missed] != list(range(after + 1, head + 1)):
            replays[after] = Replay(head=head, resync=True)
        else:
            replays[after] = Replay(head=head, events=missed)
    return replays


def events_prune(*, before: datetime) -> int:
    """Delete stored events created before `before`; returns how many went.

    Deletes in batches so that writers are never blocked for long. A client asking to
    replay a pruned event gets `resync` (see thread_replay).
    """
    deleted = 0
    while True:
        ids = list(
            ThreadEvent.objects.filter(created_at__lt=before).values_list(
                "pk", flat=True
            )[:PRUNE_BATCH]
        )
        if not ids:
            return deleted
        count, _ = ThreadEvent.objects.filter(pk__in=ids).delete()
        deleted += count
