from django.contrib import messages
from django.contrib.auth import logout

from accounts.sanctions import suspension_message


class SuspendedUserMiddleware:
    """A suspended member is signed out at their next request (SPEC §3: cannot log in)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_suspended:
            logout(request)
            messages.error(request, suspension_message(user.suspended_until))
        return self.get_response(request)
