"""Live thread sockets (SPEC §5): authorise, replay from the event log, forward, presence.

The channel layer only wakes sockets; the `ThreadEvent` table is the source of truth, so a
socket replays `?after=<seq>` from it and fills any gap in the live stream from it too.
Presence and typing state live in Redis (or the local cache in the one-process embedded
setup) with expiry: nothing another process needs is kept in this process's memory.
"""

import asyncio
import hashlib
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

import redis.asyncio as aioredis
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError

from accounts.permissions import can_post, is_member
from accounts.selectors import unread_notification_count
from core.errors import NotFound
from forum import events
from forum.models import Thread
from forum.selectors import thread_for_socket, thread_visible_to

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 16 * 1024
# Ids are 64-bit; a longer number in the URL is simply not a thread.
MAX_ID = 2**63 - 1
# Close codes (documented in docs/realtime.md). A server may only close with 1000 or
# 3000-4999: daphne's WebSocket layer turns any other code into an error (1011).
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_FLOOD = 4429
CLOSE_TOO_BIG = 4413
CLOSE_UNSUPPORTED = 4400
CLOSE_TRY_AGAIN = 4503
# Any client frame counts; more than this in the window closes the socket.
FLOOD_FRAMES = 20
FLOOD_WINDOW = 10.0
TYPING_INTERVAL = 3.0
PRESENCE_TTL = 60
PRESENCE_REFRESH = 20.0
# A presence broadcast costs one frame per reader: at most about this many presence
# frames per second per thread (at least 1 s, at most 15 s between broadcasts).
PRESENCE_FRAMES_PER_SECOND = 100


def presence_interval(count: int) -> float:
    return min(max(count / PRESENCE_FRAMES_PER_SECOND, 1.0), 15.0)


class LiveState:
    """Presence sets and short-lived claims shared by every process, with expiry."""

    _clients: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, aioredis.Redis]" = (
        weakref.WeakKeyDictionary()
    )

    @classmethod
    def _redis(cls) -> aioredis.Redis:
        # One client per event loop: daphne has one; tests get a fresh loop per test.
        loop = asyncio.get_running_loop()
        client = cls._clients.get(loop)
        if client is None:
            client = aioredis.Redis.from_url(
                settings.REDIS_URL, socket_timeout=10, socket_connect_timeout=2
            )
            cls._clients[loop] = client
        return client

    @staticmethod
    def _key(name: str) -> str:
        return f"rx:live:{name}"

    # A reader is present while any of their sockets is: one sorted set of readers per
    # thread (scored by expiry) and, per reader, a sorted set of their sockets. Scripts,
    # so that two tabs of one reader joining and leaving at once cannot lose the reader.
    _TOUCH = """
local now, expiry, ttl = tonumber(ARGV[3]), tonumber(ARGV[3]) + tonumber(ARGV[4]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('ZADD', KEYS[2], expiry, ARGV[2])
redis.call('EXPIRE', KEYS[2], ttl)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], expiry, ARGV[1])
redis.call('EXPIRE', KEYS[1], ttl)
return redis.call('ZCARD', KEYS[1])
"""
    _LEAVE = """
local now = tonumber(ARGV[3])
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[2])
  redis.call('ZREM', KEYS[1], ARGV[1])
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZCARD', KEYS[1])
"""

    def _keys(self, group: str, reader: str) -> list[str]:
        key = self._key(f"presence:{group}")
        return [key, f"{key}:{reader}"]

    @staticmethod
    def _readers(present: dict[str, dict[str, float]], now: float) -> dict:
        """The cache's {reader: {socket: expiry}} without expired sockets or readers."""
        readers = {}
        for reader, sockets in present.items():
            live = {
                socket: expiry for socket, expiry in sockets.items() if expiry > now
            }
            if live:
                readers[reader] = live
        return readers

    async def touch(self, group: str, reader: str, socket: str) -> int:
        """Mark `socket` of `reader` present in `group` for PRESENCE_TTL; returns how
        many distinct readers are present."""
        now = time.time()
        if not settings.REDIS_URL:
            # Embedded setup: one process, and no await between read and write.
            key = self._key(f"presence:{group}")
            present = self._readers(cache.get(key) or {}, now)
            present.setdefault(reader, {})[socket] = now + PRESENCE_TTL
            cache.set(key, present, PRESENCE_TTL)
            return len(present)
        result = await self._redis().eval(
            self._TOUCH,
            2,
            *self._keys(group, reader),
            reader,
            socket,
            now,
            PRESENCE_TTL,
        )
        return int(result)

    async def leave(self, group: str, reader: str, socket: str) -> int:
        """Drop `socket`; its reader stays present while another of their sockets is."""
        now = time.time()
        if not settings.REDIS_URL:
            key = self._key(f"presence:{group}")
            present = self._readers(cache.get(key) or {}, now)
            sockets = present.get(reader, {})
            sockets.pop(socket, None)
            if not sockets:
                present.pop(reader, None)
            cache.set(key, present, PRESENCE_TTL)
            return len(present)
        result = await self._redis().eval(
            self._LEAVE, 2, *self._keys(group, reader), reader, socket, now
        )
        return int(result)

    async def count(self, group: str) -> int:
        now = time.time()
        key = self._key(f"presence:{group}")
        if not settings.REDIS_URL:
            return len(self._readers(cache.get(key) or {}, now))
        return int(await self._redis().zcount(key, now, "+inf"))

    async def claim(self, name: str, seconds: float) -> bool:
        """True for the first caller in any process during `seconds`."""
        key = self._key(f"claim:{name}")
        if not settings.REDIS_URL:
            return cache.add(key, 1, seconds)
        return bool(
            await self._redis().set(key, 1, nx=True, px=max(int(seconds * 1000), 1))
        )


live_state = LiveState()


def presence_reader(scope: dict[str, Any], channel_name: str) -> str:
    """Who presence counts: a member by id, an anonymous reader by a digest of their
    session key (never the key itself), or else by this socket."""
    user = scope["user"]
    if user.is_authenticated:
        return f"u{user.pk}"
    session = scope.get("session")
    session_key = session.session_key if session is not None else None
    if session_key:
        return "s" + hashlib.sha256(session_key.encode()).hexdigest()[:32]
    return f"c{channel_name}"


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

_unavailable_logged_at = 0.0
UNAVAILABLE_LOG_INTERVAL = 60.0


def log_unavailable(what: str, error: BaseException) -> None:
    """One line (no traceback) at most once a minute: during an outage every client
    retries, and a traceback per attempt would bury the log."""
    global _unavailable_logged_at
    now = time.monotonic()
    if now - _unavailable_logged_at >= UNAVAILABLE_LOG_INTERVAL:
        _unavailable_logged_at = now
        logger.warning(
            "live: %s unreachable, sockets closed with 4503: %r", what, error
        )


async def _accept_and_close(send, code: int) -> None:
    await send({"type": "websocket.accept"})
    await send({"type": "websocket.close", "code": code})


async def unknown_path(scope, receive, send) -> None:
    """Any socket path no route matches: 4404, never an error."""
    message = await receive()
    if message["type"] == "websocket.connect":
        await _accept_and_close(send, CLOSE_NOT_FOUND)


class LiveConsumer(AsyncWebsocketConsumer):
    """A socket that gets 4503 (try again) when the channel layer is unreachable, both
    before `connect()` (a new channel cannot be subscribed) and while joining groups."""

    accepted = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.groups_joined: list[str] = []

    async def __call__(self, scope, receive, send) -> None:
        try:
            await super().__call__(scope, receive, send)
        except Exception as error:
            # channel_name is set once the layer has subscribed this socket's channel;
            # before that nothing of ours has run, and the only failure is the layer's.
            if hasattr(self, "channel_name"):
                raise
            log_unavailable("channel layer", error)
            message = await receive()
            if message["type"] == "websocket.connect":
                await _accept_and_close(send, CLOSE_TRY_AGAIN)

    async def join_groups(self, *groups: str) -> bool:
        """Join `groups`; on failure close with 4503 and return False."""
        try:
            for group in groups:
                await self.channel_layer.group_add(group, self.channel_name)
                self.groups_joined.append(group)
        except Exception as error:
            log_unavailable("channel layer", error)
            await self.close_try_again()
            return False
        return True

    async def close_try_again(self) -> None:
        if not self.accepted:
            await self.accept()
        await self.close(code=CLOSE_TRY_AGAIN)

    async def accept(self, subprotocol=None, headers=None) -> None:
        self.accepted = True
        await super().accept(subprotocol, headers)

    async def leave_groups(self) -> None:
        try:
            for group in self.groups_joined:
                await self.channel_layer.group_discard(group, self.channel_name)
        except Exception:
            # Redis down: this process's subscription ends with its connection anyway.
            logger.warning("live: could not unsubscribe a socket", exc_info=True)
        self.groups_joined = []


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
        if not await self.join_groups(events.thread_group(self.thread_id)):
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
            await self.close(code=CLOSE_FORBIDDEN if exists else CLOSE_NOT_FOUND)
            return
        self.category_id = thread.category_id
        self.last_seq = replay.head
        if replay.resync:
            await self.send_resync()
        else:
            self.stale = False
            for event in replay.events:
                await self.send_json(event)
        groups = [events.category_group(self.category_id)]
        if self.user.is_authenticated:
            groups.append(events.user_disconnect_group(self.user.pk))
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
        return events.thread_group(self.thread_id)

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
            await self.close(code=CLOSE_FLOOD)
            return
        if bytes_data is not None:
            await self.close(code=CLOSE_UNSUPPORTED)
            return
        if len(text_data.encode("utf-8", "surrogatepass")) > MAX_FRAME_BYTES:
            await self.close(code=CLOSE_TOO_BIG)
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
            events.thread_group(self.thread_id),
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
            await self.close(code=CLOSE_FORBIDDEN if exists else CLOSE_NOT_FOUND)
            return
        if category_id != self.category_id:
            await self.switch_group(
                events.category_group(self.category_id),
                events.category_group(category_id),
            )
            self.category_id = category_id

    async def user_disconnect(self, message: dict[str, Any]) -> None:
        await self.close(code=CLOSE_FORBIDDEN)

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
            task = asyncio.ensure_future(
                _trailing_presence(self.channel_layer, self.presence_group, interval)
            )
            _background.add(task)
            task.add_done_callback(_background.discard)

    async def beat(self) -> None:
        """Keep this socket's presence entry alive and correct the count it shows."""
        while True:
            await asyncio.sleep(PRESENCE_REFRESH * random.uniform(0.8, 1.2))
            try:
                await self.refresh_presence()
            except Exception:
                logger.warning("presence: refresh failed", exc_info=True)


_background: set[asyncio.Task] = set()


async def _trailing_presence(channel_layer, group: str, interval: float) -> None:
    await asyncio.sleep(interval)
    try:
        count = await live_state.count(group)
        await channel_layer.group_send(
            group, {"type": "thread.presence", "count": count}
        )
    except Exception:
        logger.warning("presence: broadcast failed", exc_info=True)


@database_sync_to_async
def _unread_count(user) -> int:
    return unread_notification_count(viewer=user)


class MeConsumer(LiveConsumer):
    """`/ws/me/`: the signed-in user's notification count and forced disconnects."""

    async def connect(self) -> None:
        self.user = self.scope["user"]
        if not is_member(self.user) or self.user.is_suspended:
            await self.accept()
            await self.close(code=CLOSE_FORBIDDEN)
            return
        if not await self.join_groups(
            events.user_disconnect_group(self.user.pk),
            events.user_notifications_group(self.user.pk),
        ):
            return
        await self.accept()
        await self.send_count()

    async def disconnect(self, code: int) -> None:
        await self.leave_groups()

    async def receive(self, text_data: str | None = None, bytes_data=None) -> None:
        # Nothing is expected from the client; anything at all is a misbehaving one.
        await self.close(code=CLOSE_UNSUPPORTED)

    async def send_count(self) -> None:
        unread = await _unread_count(self.user)
        await self.send(
            text_data=json.dumps({"type": "notifications", "unread": unread})
        )

    async def user_notified(self, message: dict[str, Any]) -> None:
        await self.send_count()

    async def user_disconnect(self, message: dict[str, Any]) -> None:
        await self.close(code=CLOSE_FORBIDDEN)
