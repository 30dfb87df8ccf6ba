from django.conf import settings
from django.utils.functional import SimpleLazyObject

from accounts.selectors import unread_notification_count


def notifications(request):
    """`unread_notification_count` for the header: one COUNT, only if a template asks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notification_count": 0}
    return {
        "unread_notification_count": SimpleLazyObject(
            lambda: unread_notification_count(viewer=user)
        )
    }


def guidelines(request):
    """`guidelines_outdated`: the member accepted an earlier version of the community
    guidelines, so every page asks them again (and posting waits; can_post)."""
    user = getattr(request, "user", None)
    return {
        "guidelines_outdated": bool(
            user is not None
            and user.is_authenticated
            and user.guidelines_version != settings.GUIDELINES_VERSION
        )
    }
