from asgiref.sync import iscoroutinefunction, sync_to_async
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import translation

from accounts.sanctions import suspension_message
from core.languages import interface_languages, language_cookie_set
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


class PreferredLanguageMiddleware(DualPathMiddleware):
    """A signed-in member reads every page in their saved language.

    After LocaleMiddleware, which has chosen from the cookie, then the browser, then
    English: the member's preference wins over both. The cookie is set to it too, so that
    the site stays in that language after they log out.
    """

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self._acall(request)
        language = self._preferred(request)
        self._activate(request, language)
        return self._remember(request, self.get_response(request), language)

    async def _acall(self, request):
        language = ""
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            language = await sync_to_async(self._preferred)(request)
        # Activated here, in the request's own context, not in the thread above.
        self._activate(request, language)
        return self._remember(request, await self.get_response(request), language)

    @staticmethod
    def _preferred(request) -> str:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return ""
        return user.preferred_language

    @staticmethod
    def _activate(request, language: str) -> None:
        if language in interface_languages() and language != request.LANGUAGE_CODE:
            translation.activate(language)
            request.LANGUAGE_CODE = language

    @staticmethod
    def _remember(request, response, language: str):
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            language_cookie_set(response, language)
        return response
