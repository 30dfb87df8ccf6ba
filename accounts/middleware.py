from asgiref.sync import iscoroutinefunction, sync_to_async
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

from accounts.sanctions import suspension_message
from core.middleware import DualPathMiddleware


class SuspendedUserMiddleware(DualPathMiddleware):
    """A suspended member is signed out at their next request (SPEC §3: cannot log in).

    Async-capable, so that under daphne the chain stays in the event loop (see
    config/middleware.py); the check itself reads the session and the member, so it runs
    in the request's thread, where the view then finds request.user already loaded.
    """

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self._acall(request)
        self._sign_out_if_suspended(request)
        return self.get_response(request)

    async def _acall(self, request):
        # Without a session cookie nobody is signed in: no thread hop for visitors.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            await sync_to_async(self._sign_out_if_suspended)(request)
        return await self.get_response(request)

    @staticmethod
    def _sign_out_if_suspended(request) -> None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_suspended:
            logout(request)
            messages.error(request, suspension_message(user.suspended_until))
