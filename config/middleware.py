"""The project's own middleware, each usable on both request paths.

Under daphne, Django runs the middleware chain as coroutines; one sync-only middleware in
it makes every request hop to a thread and back into the event loop (AsyncToSync), and a
thread parked in that hop never finishes once the loop stops, so the process cannot exit
on SIGTERM. Every middleware here therefore has a native async path (Django's
sync_capable/async_capable flags), and does blocking work only in sync_to_async.
"""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from whitenoise.middleware import WhiteNoiseMiddleware

from core.errors import NotFound
from core.middleware import DualPathMiddleware


class ContentSecurityPolicyMiddleware(DualPathMiddleware):
    """Send the strict policy on every response: no inline script, nothing from third parties."""

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self._acall(request)
        return self._add_policy(self.get_response(request))

    async def _acall(self, request):
        return self._add_policy(await self.get_response(request))

    @staticmethod
    def _add_policy(response):
        response.headers.setdefault(
            "Content-Security-Policy", settings.CONTENT_SECURITY_POLICY
        )
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, which is sync-only, with an async path that looks files up in the loop.

    Only opening a file (and, in development, finding it on disk) runs in a thread.
    """

    sync_capable = True
    async_capable = True

    def __init__(self, get_response=None):
        super().__init__(get_response)
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self._acall(request)
        return super().__call__(request)

    async def _acall(self, request):
        if self.autorefresh:
            static_file = await sync_to_async(self.find_file, thread_sensitive=False)(
                request.path_info
            )
        else:
            static_file = self.files.get(request.path_info)
        if static_file is not None:
            return await sync_to_async(self.serve, thread_sensitive=False)(
                static_file, request
            )
        return await self.get_response(request)


class RejectNullCharactersMiddleware(DualPathMiddleware):
    """Answer 400 to a URL whose path or query string holds a NUL character.

    No page has a use for one, PostgreSQL refuses NUL in text (a lookup would fail with a
    500), and stopping it here covers every view that reads request.GET or a path
    converter. Form bodies are left to the forms, which report it and keep the text.
    """

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self._acall(request)
        if self._holds_nul(request):
            return self._refuse(request)
        return self.get_response(request)

    async def _acall(self, request):
        if self._holds_nul(request):
            # The page's context reads the session and the member: database work.
            return await sync_to_async(self._refuse)(request)
        return await self.get_response(request)

    @staticmethod
    def _holds_nul(request) -> bool:
        return "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        )

    @staticmethod
    def _refuse(request):
        return render(request, "400.html", status=400)


class NotFoundMiddleware(DualPathMiddleware):
    """A selector's NotFound becomes the site's 404 page, with the selector's message.

    Selectors raise a domain error, not Http404, so that consumers can map the same
    error to 4404; this is the one place views map it.
    """

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            # Raised here, Django's handler404 answers it like any Http404 (SPEC §4).
            raise Http404(str(exception)) from exception
        return None
