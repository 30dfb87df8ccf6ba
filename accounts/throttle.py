"""Cache-backed login throttling (SPEC §7): temporary, shared by every process through Redis.

Failures are counted per username (whether or not it exists, so a lockout never reveals
an account) and per client address (so one address cannot spray many usernames).
If the cache is unreachable the counters are skipped and the error logged: members can
still log in while Redis is down (SPEC §6), and the password check still applies.
"""

import hashlib
import logging
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

# One address may try several accounts (a shared computer, an office), but not many.
ADDRESS_FACTOR = 4

T = TypeVar("T")


def _safely(action: Callable[[], T], fallback: T) -> T:
    try:
        return action()
    except Exception:
        logger.exception("throttle: cache unreachable, not counting")
        return fallback


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"login-fail:{kind}:{digest}"


def _keys(username: str, address: str) -> list[tuple[str, int]]:
    limit = settings.LOGIN_FAILURE_LIMIT
    keys = [(_key("user", username), limit)]
    if address:
        keys.append((_key("addr", address), limit * ADDRESS_FACTOR))
    return keys


def _count(key: str, seconds: int) -> int:
    # add() starts the window only once; incr() keeps its expiry.
    if cache.add(key, 1, timeout=seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        # Expired between add() and incr(): start a new window.
        cache.add(key, 1, timeout=seconds)
        return 1


def login_is_locked(*, username: str, address: str) -> bool:
    keys = _keys(username, address)
    counts = _safely(lambda: cache.get_many([key for key, _limit in keys]), {})
    return any(counts.get(key, 0) >= limit for key, limit in keys)


def login_failed(*, username: str, address: str) -> None:
    """Count a failure; the window (and so the lockout) lasts LOGIN_LOCKOUT_SECONDS."""
    for key, _limit in _keys(username, address):
        _safely(lambda key=key: _count(key, settings.LOGIN_LOCKOUT_SECONDS), 0)


def login_succeeded(*, username: str) -> None:
    _safely(lambda: cache.delete(_key("user", username)), False)


def client_address(request) -> str:
    # Behind the reverse proxy daphne runs with --proxy-headers, so REMOTE_ADDR is the
    # client's address (docs/deploy.md).
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_hit(*, scope: str, key: str, limit: int, seconds: int) -> bool:
    """Count one action; True once more than `limit` happened within `seconds`."""
    cache_key = _key(f"rate:{scope}", key)
    return _safely(lambda: _count(cache_key, seconds), 0) > limit
