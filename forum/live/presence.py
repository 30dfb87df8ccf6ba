"""Who is reading a thread, and short-lived claims (typing, presence broadcasts).

Kept in Redis (or the local cache in the one-process embedded setup) with expiry: nothing
another process needs is kept in this process's memory.
"""

import asyncio
import hashlib
import logging
import time
import weakref
from typing import Any

import redis.asyncio as aioredis
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

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


_background: set[asyncio.Task] = set()


def trailing_presence_later(channel_layer, group: str, interval: float) -> None:
    """Send `group` its reader count once `interval` has passed."""
    task = asyncio.ensure_future(_trailing_presence(channel_layer, group, interval))
    _background.add(task)
    task.add_done_callback(_background.discard)


async def _trailing_presence(channel_layer, group: str, interval: float) -> None:
    await asyncio.sleep(interval)
    try:
        count = await live_state.count(group)
        await channel_layer.group_send(
            group, {"type": "thread.presence", "count": count}
        )
    except Exception:
        logger.warning("presence: broadcast failed", exc_info=True)
