"""Admission control for HTTP under daphne: a bounded number of requests inside Django.

Django's ASGI handler runs each request's synchronous code on a thread of its own, and
each of those threads opens its own database connection. Without a bound, a burst of
requests opens as many connections as there are requests in flight ("too many clients"),
and the threads fight the event loop for the GIL. Here at most `limit` HTTP requests per
process are inside Django; the others wait in the event loop, which costs them nothing
but memory, and one that has waited `wait_seconds` is answered 503 with Retry-After.
WebSocket traffic never passes through here, so sockets never wait behind pages.
"""

import asyncio
import logging
import weakref

from django.conf import settings
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class HttpAdmission:
    def __init__(self, app, *, limit: int, wait_seconds: float, retry_after: int):
        if limit < 1:
            raise ValueError("HTTP admission needs a limit of at least one request.")
        self.app = app
        self.limit = limit
        self.wait_seconds = wait_seconds
        self.retry_after = retry_after
        # A semaphore belongs to one event loop; tests run several loops in turn.
        self._semaphores: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        semaphore = self._semaphore()
        try:
            await asyncio.wait_for(semaphore.acquire(), self.wait_seconds)
        except TimeoutError:
            logger.warning(
                "%s %s waited %ss for one of %d request slots: answered 503",
                scope.get("method"),
                scope.get("path"),
                self.wait_seconds,
                self.limit,
            )
            return await self._busy(send)
        try:
            return await self.app(scope, receive, send)
        finally:
            semaphore.release()

    def _semaphore(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        semaphore = self._semaphores.get(loop)
        if semaphore is None:
            semaphore = self._semaphores[loop] = asyncio.Semaphore(self.limit)
        return semaphore

    async def _busy(self, send) -> None:
        body = render_to_string("503.html").encode()
        await send(
            {
                "type": "http.response.start",
                "status": 503,
                "headers": [
                    (b"content-type", b"text/html; charset=utf-8"),
                    (b"retry-after", str(self.retry_after).encode()),
                    (b"cache-control", b"no-store"),
                    (
                        b"content-security-policy",
                        settings.CONTENT_SECURITY_POLICY.encode(),
                    ),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
