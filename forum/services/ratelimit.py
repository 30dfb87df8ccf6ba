"""Per-member posting limits kept in the cache (Redis in production), fixed windows."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import ngettext

from accounts import throttle
from accounts.models import User
from accounts.permissions import can_moderate


class RateLimited(PermissionDenied):
    """Too many posts in a short time; the message says when to try again."""


def _limits() -> dict[str, tuple[int, int]]:
    return {
        "thread": (settings.FORUM_THREADS_PER_HOUR, 3600),
        "reply": (settings.FORUM_REPLIES_PER_MINUTE, 60),
        "reaction": (settings.FORUM_REACTIONS_PER_MINUTE, 60),
    }


def rate_limit_hit(action: str, *, by: User) -> None:
    """Count one `action` ("thread", "reply" or "reaction") for `by`; raise RateLimited
    past the limit.

    Moderators are not limited (they may need to answer quickly in a crisis). Counting
    goes through the login throttle's helper: if the cache is down nothing is counted,
    so posting keeps working during a Redis outage (SPEC §6)."""
    if can_moderate(by):
        return
    limit, window = _limits()[action]
    if throttle.rate_limit_hit(
        scope=f"forum-{action}", key=str(by.pk), limit=limit, seconds=window
    ):
        if action == "thread":
            message = ngettext(
                "You can start %(limit)d thread an hour. Your text is kept below; "
                "please try again later.",
                "You can start %(limit)d threads an hour. Your text is kept below; "
                "please try again later.",
                limit,
            )
        elif action == "reaction":
            message = ngettext(
                "You can react %(limit)d time a minute. Please wait a moment and "
                "try again.",
                "You can react %(limit)d times a minute. Please wait a moment and "
                "try again.",
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
