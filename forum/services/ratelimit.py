"""Per-member posting limits kept in the cache (Redis in production), fixed windows."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils.translation import ngettext

from accounts.models import User
from accounts.permissions import can_moderate


class RateLimited(PermissionDenied):
    """Too many posts in a short time; the message says when to try again."""


def _limits() -> dict[str, tuple[int, int]]:
    return {
        "thread": (settings.FORUM_THREADS_PER_HOUR, 3600),
        "reply": (settings.FORUM_REPLIES_PER_MINUTE, 60),
    }


def rate_limit_hit(action: str, *, by: User) -> None:
    """Count one `action` ("thread" or "reply") for `by`; raise RateLimited past the limit.

    Moderators are not limited (they may need to answer quickly in a crisis)."""
    if can_moderate(by):
        return
    limit, window = _limits()[action]
    key = f"forum:rate:{action}:{by.pk}"
    # add() only sets a missing key, so the window starts at the first post in it.
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): this post opens a new window.
        cache.set(key, 1, timeout=window)
        count = 1
    if count > limit:
        if action == "thread":
            message = ngettext(
                "You can start %(limit)d thread an hour. Your text is kept below; "
                "please try again later.",
                "You can start %(limit)d threads an hour. Your text is kept below; "
                "please try again later.",
                limit,
            )
        else:
            message = ngettext(
                "You can post %(limit)d reply a minute. Your text is kept below; "
                "please wait a moment and send it again.",
                "You can post %(limit)d replies a minute. Your text is kept below; "
                "please wait a moment and send it again.",
                limit,
            )
        raise RateLimited(message % {"limit": limit})
