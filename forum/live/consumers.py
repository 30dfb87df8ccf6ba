"""`/ws/t/<id>/` (SPEC §5): authorise, replay from the event log, forward live events,
presence and typing.

The channel layer only wakes sockets; the `ThreadEvent` table is the source of truth, so a
socket replays `?after=<seq>` from it and fills any gap in the live stream from it too.
Presence and typing claims are kept in forum.live.presence, shared by every process.
"""

import asyncio
import json
import logging
import random
import threading
import time
import weakref
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from django.db import DatabaseError

from accounts.permissions import can_post
from core import live
from core.errors import NotFound
from core.live import LiveConsumer, log_unavailable
from forum import events
from forum.live.presence import (
    PRESENCE_REFRESH,
    live_state,
    presence_interval,
    presence_reader,
    trailing_presence_later,
)
from forum.models import Thread
from forum.selectors import thread_for_socket, thread_visible_to

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 16 * 1024
# Ids are 64-bit; a longer number in the URL is simply not a thread.
MAX_ID = 2**63 - 1
# Any client frame counts; more than this in the window closes the socket.
FLOOD_FRAMES = 20
FLOOD_WINDOW = 10.0
TYPING_INTERVAL = 3.0


def _query_int(scope: dict[str, Any], name: str) -> int | None:
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get(name)
    if not values:
        return None
    try:
        value = int(values[-1])
    except ValueError:
        return None
    return value if value >= 0 else None


def _thread_access(thread: Thread | None, user) -> tuple[bool, bool]:
    """(exists, may read) for this user, as the thread page decides it."""
    if thread is None:
        return False, False
    if user.is_authenticated and user.is_suspended:
        return True, False
    return True, thread_visible_to(thread, user)


def _load_thread(thread_id: int) -> Thread | None:
    if thread_id > MAX_ID:
        return None
    try:
        return thread_for_socket(pk=thread_id)
    except NotFound:
        return None


def _recheck_sync(thread_id: int, user) -> tuple[bool, bool, int | None]:
    thread = _load_thread(thread_id)
    exists, allowed = _thread_access(thread, user)
    return exists, allowed, thread.category_id if thread else None


# Read-only: on the thread pool, not the one shared database thread, so that a reconnect
# storm is not queued behind a single connection.
_recheck = database_sync_to_async(_recheck_sync, thread_sensitive=False)


@dataclass
class _Reading:
    """Sockets of this process waiting for the same thread's head and log."""

    afters: set[int | None] = field(default_factory=set)
    started: bool = False
    result: asyncio.Future | None = None


class ThreadReader:
    """One database read of a thread (the row, its head, the log) shared by every socket
    of this process that asks for it before the read starts.

    A socket subscribes to the thread's group first and only then joins a read that has
    not started, so every event after the head that read returns reaches the socket live.
    Five hundred sockets opening one thread cost a few reads, not five hundred.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._readings: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, dict[int, _Reading]
        ] = weakref.WeakKeyDictionary()

    async def read(
        self, thread_id: int, after: int | None
    ) -> tuple[Thread | None, events.Replay | None]:
        """The thread as it is now (None if there is none) and the replay after `after`."""
        readings = self._readings.setdefault(asyncio.get_running_loop(), {})
        with self._lock:
            reading = readings.get(thread_id)
            if reading is None or reading.started:
                reading = _Reading()
                readings[thread_id] = reading
                reading.result = asyncio.ensure_future(
                    self._run(thread_id, reading, readings)
                )
            reading.afters.add(after)
        # Shielded: one socket going away must not cancel the others' read.
        thread, replays = await asyncio.shield(reading.result)
        return thread, replays.get(after)

    async def _run(self, thread_id: int, reading: _Reading, readings: dict) -> tuple:
        try:
            return await _read_thread(thread_id, reading, self._lock)
        finally:
            if readings.get(thread_id) is reading:
                del readings[thread_id]


def _read_thread_sync(
    thread_id: int, reading: _Reading, lock: threading.Lock
) -> tuple[Thread | None, dict[int | None, events.Replay]]:
    with lock:
        reading.started = True
        afters = set(reading.afters)
    thread = _load_thread(thread_id)
    if thread is None:
        return None, {}
    replays = events.thread_replays(
        thread_id=thread_id, afters=afters, head=thread.last_event_seq
    )
    return thread, replays


_read_thread = database_sync_to_async(_read_thread_sync, thread_sensitive=False)
thread_reader = ThreadReader()


class ThreadConsumer(LiveConsumer):
    """`/ws/t/<id>/`: replay after `?after=`, `ready`, then live events, presence and
    typing."""

    async def connect(self) -> None:
        self.thread_id = int(self.scope["url_route"]["kwargs"]["thread_id"])
        self.user = self.scope["user"]
        self.heartbeat: asyncio.Task | None = None
        self.frames: deque[float] = deque()
        self.last_typing = 0.0
        # Until the access check and replay are done, wake-ups are not ours to forward.
        self.stale = True
        self.last_seq = 0
        self.sent_count: int | None = None
        self.reader = ""
        # Spec §5: replay before live. Subscribed before the head is read, so nothing
        # falls in between; live events already replayed are dropped by seq.
        if not await self.join_groups(live.thread_group(self.thread_id)):
            return
        try:
            thread, replay = await thread_reader.read(
                self.thread_id, _query_int(self.scope, "after")
            )
        except DatabaseError as error:
            log_unavailable("database", error)
            await self.close_try_again()
            return
        # Accepted only once the head is known: a client that sees the socket open gets
        # every event committed from then on, with or without `?after=`. A close code
        # only reaches the browser on an open socket, so refusals are accepted too.
        await self.accept()
        exists, allowed = _thread_access(thread, self.user)
        if not allowed:
            await self.close(
                code=live.CLOSE_FORBIDDEN if exists else live.CLOSE_NOT_FOUND
            )
            return
        self.category_id = thread.category_id
        self.last_seq = replay.head
        if replay.resync:
            await self.send_resync()
        else:
            self.stale = False
            for event in replay.events:
                await self.send_json(event)
        groups = [live.category_group(self.category_id)]
        if self.user.is_authenticated:
            groups.append(live.user_disconnect_group(self.user.pk))
        if not await self.join_groups(*groups):
            return
        if not self.stale:
            # Everything up to `seq` has been sent; every later event will be.
            await self.send_json({"type": "ready", "seq": self.last_seq})
        self.reader = presence_reader(self.scope, self.channel_name)
        try:
            await self.refresh_presence(broadcast=True)
        except Exception:
            logger.warning("presence: could not record a join", exc_info=True)
        self.heartbeat = asyncio.ensure_future(self.beat())

    async def disconnect(self, code: int) -> None:
        if self.heartbeat is not None:
            self.heartbeat.cancel()
        await self.leave_groups()
        if self.reader:
            try:
                count = await live_state.leave(
                    self.presence_group, self.reader, self.channel_name
                )
                await self.broadcast_presence(count)
            except Exception:
                logger.warning("presence: could not record a leave", exc_info=True)

    async def switch_group(self, old: str, new: str) -> None:
        await self.channel_layer.group_discard(old, self.channel_name)
        self.groups_joined.remove(old)
        await self.channel_layer.group_add(new, self.channel_name)
        self.groups_joined.append(new)

    @property
    def presence_group(self) -> str:
        return live.thread_group(self.thread_id)

    async def send_json(self, content: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(content, separators=(",", ":")))

    async def send_resync(self) -> None:
        # The page must reload; later seq events would only feed a stale page.
        self.stale = True
        await self.send_json({"type": "resync"})

    # Client frames -------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data=None) -> None:
        now = time.monotonic()
        self.frames.append(now)
        while self.frames and self.frames[0] < now - FLOOD_WINDOW:
            self.frames.popleft()
        if len(self.frames) > FLOOD_FRAMES:
            await self.close(code=live.CLOSE_FLOOD)
            return
        if bytes_data is not None:
            await self.close(code=live.CLOSE_UNSUPPORTED)
            return
        if len(text_data.encode("utf-8", "surrogatepass")) > MAX_FRAME_BYTES:
            await self.close(code=live.CLOSE_TOO_BIG)
            return
        try:
            frame = json.loads(text_data)
        except (ValueError, RecursionError):
            # RecursionError: nesting deeper than the parser's stack, e.g. "[" * 1000.
            return
        if isinstance(frame, dict) and frame.get("type") == "typing":
            await self.typing(now)

    async def typing(self, now: float) -> None:
        user = self.user
        if not (user.is_authenticated and user.share_typing and can_post(user)):
            return
        if now - self.last_typing < TYPING_INTERVAL:
            return
        self.last_typing = now
        # Two tabs of one member, or two processes, announce once per interval.
        if not await live_state.claim(
            f"typing:{self.thread_id}:{user.pk}", TYPING_INTERVAL
        ):
            return
        await self.channel_layer.group_send(
            live.thread_group(self.thread_id),
            {
                "type": "thread.typing",
                "user_id": user.pk,
                "name": user.username if user.show_name_when_typing else None,
            },
        )

    # Channel-layer messages -----------------------------------------------------

    async def thread_event(self, message: dict[str, Any]) -> None:
        seq = message["seq"]
        if self.stale or seq <= self.last_seq:
            return
        if seq > self.last_seq + 1:
            # A wake-up was lost or overtaken: fill the gap from the log, in order.
            _thread, replay = await thread_reader.read(self.thread_id, self.last_seq)
            if replay is None or replay.resync:
                await self.send_resync()
                return
            for missed in replay.events:
                await self.send_json(missed)
            self.last_seq = max(self.last_seq, replay.head)
        else:
            await self.send(text_data=message["text"])
            self.last_seq = seq
        if message["kind"] == "thread.moved":
            await self.access_check({})

    async def thread_typing(self, message: dict[str, Any]) -> None:
        if self.user.is_authenticated and message["user_id"] == self.user.pk:
            return
        await self.send_json({"type": "typing", "user": message["name"]})

    async def thread_presence(self, message: dict[str, Any]) -> None:
        if message["count"] != self.sent_count:
            self.sent_count = message["count"]
            await self.send_json({"type": "presence", "count": message["count"]})

    async def access_check(self, message: dict[str, Any]) -> None:
        exists, allowed, category_id = await _recheck(self.thread_id, self.user)
        if not (exists and allowed):
            await self.close(
                code=live.CLOSE_FORBIDDEN if exists else live.CLOSE_NOT_FOUND
            )
            return
        if category_id != self.category_id:
            await self.switch_group(
                live.category_group(self.category_id),
                live.category_group(category_id),
            )
            self.category_id = category_id

    async def user_disconnect(self, message: dict[str, Any]) -> None:
        await self.close(code=live.CLOSE_FORBIDDEN)

    # Presence -------------------------------------------------------------------

    async def refresh_presence(self, *, broadcast: bool = False) -> None:
        count = await live_state.touch(
            self.presence_group, self.reader, self.channel_name
        )
        if count != self.sent_count:
            self.sent_count = count
            await self.send_json({"type": "presence", "count": count})
        if broadcast:
            await self.broadcast_presence(count)

    async def broadcast_presence(self, count: int) -> None:
        """Tell the thread's sockets the count: now, or once more at the end of the
        interval if a broadcast just went out, so that the last change is always sent."""
        name = f"presence:{self.thread_id}"
        interval = presence_interval(count)
        if await live_state.claim(f"{name}:lead", interval):
            await self.channel_layer.group_send(
                self.presence_group, {"type": "thread.presence", "count": count}
            )
        elif await live_state.claim(f"{name}:trail", interval * 0.9):
            # Not tied to this socket: it may be the one leaving.
            trailing_presence_later(self.channel_layer, self.presence_group, interval)

    async def beat(self) -> None:
        """Keep this socket's presence entry alive and correct the count it shows."""
        while True:
            await asyncio.sleep(PRESENCE_REFRESH * random.uniform(0.8, 1.2))
            try:
                await self.refresh_presence()
            except Exception:
                logger.warning("presence: refresh failed", exc_info=True)
