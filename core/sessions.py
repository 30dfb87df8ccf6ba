"""Sessions kept in the database and read from the cache (SESSION_ENGINE).

Django's `cached_db`, with every cache call guarded: a cache that fails or times out
(Redis away) costs a database read, never a failed request, and the database, which
holds every session, alone answers whether a session key is taken. A cached copy lives
at most SESSION_CACHE_SECONDS, so a session deleted while the cache could not be told
(a logout during a Redis outage) is gone from it within that time (docs/decisions.md,
"Speed, fourth pass").
"""

import logging

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            logger.warning("session cache unavailable; reading the database")
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        self._cache_set(data, self.get_expiry_age(expiry=stored.expire_date))
        return data

    def exists(self, session_key):
        return DatabaseStore.exists(self, session_key)

    def save(self, must_create=False):
        DatabaseStore.save(self, must_create)
        self._cache_set(self._session, self.get_expiry_age())

    def delete(self, session_key=None):
        DatabaseStore.delete(self, session_key)
        session_key = session_key or self.session_key
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception:
            # Deleted in the database; the cached copy expires on its own.
            logger.error("session cache unavailable; a deleted session stays cached")

    def _cache_set(self, data, expiry_age: int) -> None:
        try:
            self._cache.set(
                self.cache_key,
                data,
                min(expiry_age, settings.SESSION_CACHE_SECONDS),
            )
        except Exception:
            logger.warning("session cache unavailable; not caching the session")
