"""Sessions kept in the database and read from the cache (SESSION_ENGINE).

Django's `cached_db`, with every cache call guarded: a cache that fails or times out
(Redis away) costs a database read, never a failed request, and the database, which
holds every session, alone answers whether a session key is taken. A cached copy lives
at most SESSION_CACHE_SECONDS, so a session deleted while the cache could not be told
(a logout during a Redis outage) is gone from it within that time. A deleted session
leaves a marker in the cache for that long, and a copy read from the database is only
added where there is none, so a request that read the session just before a logout
cannot put it back (docs/decisions.md, "Speed, fourth pass").
"""

import logging

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

logger = logging.getLogger(__name__)

DELETED = "deleted"


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            logger.warning("session cache unavailable; reading the database")
            data = None
        if data == DELETED:
            return {}
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        self._cache_put(
            self.cache_key,
            data,
            self.get_expiry_age(expiry=stored.expire_date),
            add=True,
        )
        return data

    def exists(self, session_key):
        return DatabaseStore.exists(self, session_key)

    def save(self, must_create=False):
        DatabaseStore.save(self, must_create)
        self._cache_put(self.cache_key, self._session, self.get_expiry_age())

    def delete(self, session_key=None):
        DatabaseStore.delete(self, session_key)
        session_key = session_key or self.session_key
        if session_key is None:
            return
        if not self._cache_put(
            self.cache_key_prefix + session_key, DELETED, settings.SESSION_CACHE_SECONDS
        ):
            # Deleted in the database; the cached copy expires on its own.
            logger.error("session cache unavailable; a deleted session stays cached")

    # Channels' session middleware may call these: the same guards, in a thread.
    async def aload(self):
        return await sync_to_async(self.load)()

    async def aexists(self, session_key):
        return await sync_to_async(self.exists)(session_key)

    async def asave(self, must_create=False):
        await sync_to_async(self.save)(must_create)

    async def adelete(self, session_key=None):
        await sync_to_async(self.delete)(session_key)

    def _cache_put(self, key: str, value, seconds: int, *, add: bool = False) -> bool:
        timeout = min(seconds, settings.SESSION_CACHE_SECONDS)
        try:
            if add:
                self._cache.add(key, value, timeout)
            else:
                self._cache.set(key, value, timeout)
        except Exception:
            logger.warning("session cache unavailable; not caching the session")
            return False
        return True
