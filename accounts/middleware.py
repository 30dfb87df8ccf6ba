from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _


class SuspendedUserMiddleware:
    """A suspended member is signed out at their next request (SPEC §3: cannot log in)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_suspended:
            logout(request)
            messages.error(
                request,
                _("Your account is suspended until %(date)s.")
                % {"date": user.suspended_until.date().isoformat()},
            )
        return self.get_response(request)
