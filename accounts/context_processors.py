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
