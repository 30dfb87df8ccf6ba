"""Plain HTTP and WebSocket clients for tests against real daphne processes."""

import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.test import Client
from websockets.sync.client import connect

CSRF_SECRET = secrets.token_urlsafe(24)[:32].replace("-", "a").replace("_", "b")


def session_cookie(user) -> str:
    """A real session in the shared database, as the login form would create it."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


class Member:
    """A signed-in member posting through the same forms a browser uses."""

    def __init__(self, user):
        self.user = user
        self.cookie = (
            f"{settings.SESSION_COOKIE_NAME}={session_cookie(user)}; "
            f"{settings.CSRF_COOKIE_NAME}={CSRF_SECRET}"
        )

    def post(self, url: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": CSRF_SECRET})
        request = urllib.request.Request(
            url,
            data=body.encode(),
            headers={
                "Cookie": self.cookie,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        try:
            with _opener.open(request, timeout=20) as response:
                return response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", "")

    def reply(self, server, thread_id: int, body: str) -> tuple[int, str]:
        return self.post(
            f"{server.url}/t/{thread_id}/reply/",
            {"body": body, "idempotency_key": secrets.token_hex(16)},
        )


class LiveSocket:
    """A `websockets` client on /ws/t/<id>/, reading frames with deadlines."""

    def __init__(self, server, thread_id: int, after: int | None = 0, cookie=""):
        query = "" if after is None else f"?after={after}"
        headers = {"Origin": server.url}
        if cookie:
            headers["Cookie"] = cookie
        self.socket = connect(
            f"{server.ws_url}/ws/t/{thread_id}/{query}",
            additional_headers=headers,
            open_timeout=10,
            legacy=True,
        )
        self.seen: list[dict] = []

    def next_event(self, kind: str | None = None, timeout: float = 10) -> dict:
        """The next frame with a seq (of type `kind` if given); ephemeral ones skipped."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no {kind or 'event'} within {timeout}s")
            frame = json.loads(self.socket.recv(timeout=remaining))
            if frame["type"] != "ready" and "seq" in frame or frame["type"] == "resync":
                self.seen.append(frame)
                if kind is None or frame["type"] == kind:
                    return frame

    def next_frame(self, kind: str, timeout: float = 10) -> dict:
        """The next frame of type `kind`; any others before it are skipped."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no {kind} within {timeout}s")
            frame = json.loads(self.socket.recv(timeout=remaining))
            if frame["type"] == kind:
                return frame

    def close(self) -> None:
        self.socket.close()
