"""Cache-backed login throttling and rate limits (SPEC §7), shared by every process
through Redis. The rule and its reasons are in docs/decisions.md ("Login throttle").

Login failures are counted per (account, address) and per address, by the typed name
whether or not an account has it, so a lock never reveals an account. A lock backs off:
the first one is short and each further failure doubles it, up to LOGIN_LOCKOUT_SECONDS.
An attacker elsewhere never locks a member out, and an address that sprays many names
does not lock out the members who have logged in from it before. A completed password
reset clears every lock on the account.

If the cache is unreachable the counters are skipped and the error logged: members can
still log in while Redis is down (SPEC §6), and the password check still applies.
"""

import hashlib
import logging
import math
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# One address may try several accounts (a shared computer, an office), but not many.
ADDRESS_FACTOR = 4
FIRST_LOCK_SECONDS = 60
# Failures are remembered this long, so slow guessing keeps backing off.
FAILURE_MEMORY_SECONDS = 24 * 3600
# A member who logged in from an address is not held back by other people's failures
# there for this long.
KNOWN_ADDRESS_SECONDS = 30 * 24 * 3600

T = TypeVar("T")

_rate_limits_waived: ContextVar[bool] = ContextVar("rate_limits_waived", default=False)


def _safely(action: Callable[[], T], fallback: T) -> T:
    try:
        return action()
    except Exception:
        logger.exception("throttle: cache unreachable, not counting")
        return fallback


def _digest(*parts: str) -> str:
    text = "\0".join(part.strip().lower() for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _count_on_redis(backend: RedisCache, key: str, seconds: int) -> int:
    """INCR and EXPIRE NX in one MULTI/EXEC: one round trip, and the first count of a
    window sets its expiry while later ones keep it. The value is a plain integer, as
    Django's Redis backend stores ints, so cache.get() still reads it."""
    name = backend.make_and_validate_key(key)
    client = backend._cache.get_client(name, write=True)
    with client.pipeline(transaction=True) as pipe:
        pipe.incr(name)
        pipe.expire(name, seconds, nx=True)
        count, _ = pipe.execute()
    return int(count)


def _count(key: str, seconds: int) -> int:
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return _count_on_redis(backend, key, seconds)
    # Local memory: add() starts the window only once; incr() keeps its expiry.
    if cache.add(key, 1, timeout=seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        # Expired between add() and incr(): start a new window.
        cache.add(key, 1, timeout=seconds)
        return 1


def _generation(username: str) -> str:
    """The account's throttle generation: a password reset starts a new one."""
    key = f"login:generation:{_digest(username)}"
    return _safely(lambda: cache.get(key, "0"), "0")


class _LoginKeys:
    def __init__(self, username: str, address: str):
        pair = f"{_generation(username)}:{_digest(username, address)}"
        self.pair_failures = f"login:pair-failures:{pair}"
        self.pair_lock = f"login:pair-lock:{pair}"
        self.known = f"login:known:{pair}"
        self.address = address
        place = _digest(address)
        self.address_failures = f"login:address-failures:{place}"
        self.address_lock = f"login:address-lock:{place}"


def _lock_seconds(failures: int, limit: int) -> int:
    """0 below the limit; then FIRST_LOCK_SECONDS, doubled per failure, capped."""
    if failures < limit:
        return 0
    longest = settings.LOGIN_LOCKOUT_SECONDS
    return min(FIRST_LOCK_SECONDS * 2 ** min(failures - limit, 20), longest)


def _fail(failures_key: str, lock_key: str, limit: int) -> None:
    failures = _count(failures_key, FAILURE_MEMORY_SECONDS)
    seconds = _lock_seconds(failures, limit)
    if seconds:
        cache.set(lock_key, time.time() + seconds, timeout=seconds)


def login_wait_seconds(*, username: str, address: str) -> int:
    """Seconds before `username` may try a password again from `address` (0: now)."""
    keys = _LoginKeys(username, address)
    wanted = [keys.pair_lock]
    if address:
        wanted += [keys.address_lock, keys.known]
    found = _safely(lambda: cache.get_many(wanted), {})
    until = found.get(keys.pair_lock, 0)
    if keys.known not in found:
        until = max(until, found.get(keys.address_lock, 0))
    return max(math.ceil(until - time.time()), 0)


def login_failed(*, username: str, address: str) -> None:
    """Count a wrong password; past the limit, lock the pair (or address) for a while."""
    keys = _LoginKeys(username, address)
    limit = settings.LOGIN_FAILURE_LIMIT
    _safely(lambda: _fail(keys.pair_failures, keys.pair_lock, limit), None)
    if address:
        _safely(
            lambda: _fail(
                keys.address_failures, keys.address_lock, limit * ADDRESS_FACTOR
            ),
            None,
        )


def login_succeeded(*, username: str, address: str) -> None:
    """Forget the pair's failures and remember that the member uses this address.

    The address's own count stays: logging in to one's own account must not let an
    address go on spraying other names."""
    keys = _LoginKeys(username, address)
    _safely(lambda: cache.delete_many([keys.pair_failures, keys.pair_lock]), None)
    if address:
        _safely(lambda: cache.set(keys.known, 1, timeout=KNOWN_ADDRESS_SECONDS), None)


def login_locks_clear(*, username: str) -> None:
    """After a completed password reset: every lock and count on the account ends."""
    key = f"login:generation:{_digest(username)}"
    _safely(lambda: cache.set(key, secrets.token_hex(8), timeout=None), None)


def client_address(request) -> str:
    # Behind the reverse proxy daphne runs with --proxy-headers, so REMOTE_ADDR is the
    # client's address (docs/deploy.md).
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_key(scope: str, key: str) -> str:
    """Each limit has its own prefix, so no two limits (nor the login throttle) share
    a counter and each can be inspected or cleared on its own."""
    return f"rate:{scope}:{_digest(key)}"


@contextmanager
def rate_limits_waived() -> Iterator[None]:
    """Write content that no member typed (demo data): no rate limit counts it or
    refuses it. The login throttle still applies."""
    token = _rate_limits_waived.set(True)
    try:
        yield
    finally:
        _rate_limits_waived.reset(token)


def rate_limit_hit(*, scope: str, key: str, limit: int, seconds: int) -> bool:
    """Count one action; True once more than `limit` happened within `seconds`."""
    if _rate_limits_waived.get():
        return False
    cache_key = rate_limit_key(scope, key)
    return _safely(lambda: _count(cache_key, seconds), 0) > limit
