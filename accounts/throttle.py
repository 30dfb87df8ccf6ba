"""Cache-backed login throttling (SPEC §7): temporary, shared by every process through Redis.

Failures are counted per username (whether or not it exists, so a lockout never reveals
an account) and per client address (so one address cannot spray many usernames).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

# One address may try several accounts (a shared computer, an office), but not many.
ADDRESS_FACTOR = 4


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"login-fail:{kind}:{digest}"


def _keys(username: str, address: str) -> list[tuple[str, int]]:
    limit = settings.LOGIN_FAILURE_LIMIT
    keys = [(_key("user", username), limit)]
    if address:
        keys.append((_key("addr", address), limit * ADDRESS_FACTOR))
    return keys


def login_is_locked(*, username: str, address: str) -> bool:
    counts = cache.get_many([key for key, _limit in _keys(username, address)])
    return any(counts.get(key, 0) >= limit for key, limit in _keys(username, address))


def login_failed(*, username: str, address: str) -> None:
    """Count a failure; the window (and so the lockout) lasts LOGIN_LOCKOUT_SECONDS."""
    for key, _limit in _keys(username, address):
        # add() starts the window only once; incr() keeps its expiry.
        if not cache.add(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS):
            try:
                cache.incr(key)
            except ValueError:
                cache.add(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)


def login_succeeded(*, username: str) -> None:
    cache.delete(_key("user", username))


def client_address(request) -> str:
    # Behind the reverse proxy daphne runs with --proxy-headers, so REMOTE_ADDR is the
    # client's address (docs/deploy.md).
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_hit(*, scope: str, key: str, limit: int, seconds: int) -> bool:
    """Count one action; True once more than `limit` happened within `seconds`."""
    cache_key = _key(f"rate:{scope}", key)
    if cache.add(cache_key, 1, timeout=seconds):
        return False
    try:
        return cache.incr(cache_key) > limit
    except ValueError:
        cache.add(cache_key, 1, timeout=seconds)
        return False
