"""What every app's live sockets share (SPEC §5): group names, close codes, publishing
after commit, the per-user bus, and the socket base class that maps an unreachable
channel layer to 4503.

Group names share one namespace on the channel layer, so they are all named here. A
wake-up is sent after commit with `on_commit(robust=True)`: a channel-layer failure is
logged and never fails the request, and each page or stored log stays the source of
truth for a client that reconnects.
"""

import asyncio
import logging
import threading
import time
from typing import Any

from asgiref.sync import async_to_sync
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

# Close codes (documented in docs/realtime.md). A server may only close with 1000 or
# 3000-4999: daphne's WebSocket layer turns any other code into an error (1011), so
# "unsupported data" is 4400 rather than 1003.
CLOSE_UNSUPPORTED = 4400
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_TOO_BIG = 4413
CLOSE_FLOOD = 4429
CLOSE_TRY_AGAIN = 4503

# A wake-up that Redis has not taken by then is dropped (logged): the request goes on and
# clients catch up from the stored events.
PUBLISH_TIMEOUT_SECONDS = 5

MODERATION_QUEUE_GROUP = "moderation.queue"


def thread_group(thread_id: int) -> str:
    return f"thread.{thread_id}"


def category_group(category_id: int) -> str:
    return f"category.{category_id}"


# One group per purpose, so that a socket only receives the messages it handles: every
# socket of a user is closed on a forced disconnect, but only /ws/me/ counts notifications.
def user_disconnect_group(user_id: int) -> str:
    return f"user.{user_id}.disconnect"


def user_notifications_group(user_id: int) -> str:
    return f"user.{user_id}.notifications"


# Publishing ------------------------------------------------------------------------


def publish_on_commit(group: str, message: dict[str, Any]) -> None:
    """Send `message` to `group` once the caller's transaction commits."""
    transaction.on_commit(lambda: publish(group, message), robust=True)


def publish(group: str, message: dict[str, Any]) -> None:
    """Send `message` to `group` now, from synchronous code."""
    publish_many([(group, message)])


def publish_many(messages: list[tuple[str, dict[str, Any]]]) -> None:
    """Send each (group, message) now, from synchronous code, waiting once for all."""
    layer = get_channel_layer()

    async def send_all() -> None:
        await asyncio.gather(
            *(layer.group_send(group, message) for group, message in messages)
        )

    if isinstance(layer, InMemoryChannelLayer):
        # Its queues belong to the server's own loop, which async_to_sync runs on.
        async_to_sync(send_all)()
        return
    # Outside an ASGI server (a WSGI worker, the task worker) async_to_sync makes a new
    # event loop per call, and the Redis layer a new connection per loop: a few ms per
    # publish. One long-lived loop per process keeps one connection.
    asyncio.run_coroutine_threadsafe(send_all(), _publisher_loop()).result(
        timeout=PUBLISH_TIMEOUT_SECONDS
    )


_publisher_lock = threading.Lock()
_publisher: asyncio.AbstractEventLoop | None = None


def _publisher_loop() -> asyncio.AbstractEventLoop:
    global _publisher
    with _publisher_lock:
        if _publisher is None or _publisher.is_closed():
            _publisher = asyncio.new_event_loop()
            threading.Thread(
                target=_publisher.run_forever, name="live-publisher", daemon=True
            ).start()
        return _publisher


# The per-user bus: it stores nothing, it only wakes the user's live sockets.


def user_disconnect(user_id: int) -> None:
    """Close every live socket of a user with 4403 (suspension, erasure)."""
    publish_on_commit(user_disconnect_group(user_id), {"type": "user.disconnect"})


def users_notified_now(user_ids: list[int]) -> None:
    """Wake these members' /ws/me/ sockets now, in one publish (the caller runs it after
    its transaction committed)."""
    publish_many(
        [
            (user_notifications_group(user_id), {"type": "user.notified"})
            for user_id in user_ids
        ]
    )


def user_checkin_message(user_id: int, checkin_id: int, message_id: int) -> None:
    """Wake the user's /ws/me/ sockets: a message arrived in one of their private
    check-ins. Only ids travel; the page fetches the message, checking access."""
    publish_on_commit(
        user_notifications_group(user_id),
        {"type": "user.checkin", "checkin": checkin_id, "message": message_id},
    )


# Sockets ---------------------------------------------------------------------------

_unavailable_logged_at = 0.0
UNAVAILABLE_LOG_INTERVAL = 60.0


def log_unavailable(what: str, error: BaseException) -> None:
    """One line (no traceback) at most once a minute: during an outage every client
    retries, and a traceback per attempt would bury the log."""
    global _unavailable_logged_at
    now = time.monotonic()
    if now - _unavailable_logged_at >= UNAVAILABLE_LOG_INTERVAL:
        _unavailable_logged_at = now
        logger.warning(
            "live: %s unreachable, sockets closed with 4503: %r", what, error
        )


async def _accept_and_close(send, code: int) -> None:
    await send({"type": "websocket.accept"})
    await send({"type": "websocket.close", "code": code})


async def unknown_path(scope, receive, send) -> None:
    """Any socket path no route matches: 4404, never an error."""
    message = await receive()
    if message["type"] == "websocket.connect":
        await _accept_and_close(send, CLOSE_NOT_FOUND)


class LiveConsumer(AsyncWebsocketConsumer):
    """A socket that gets 4503 (try again) when the channel layer is unreachable, both
    before `connect()` (a new channel cannot be subscribed) and while joining groups."""

    accepted = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.groups_joined: list[str] = []

    async def __call__(self, scope, receive, send) -> None:
        try:
            await super().__call__(scope, receive, send)
        except Exception as error:
            # channel_name is set once the layer has subscribed this socket's channel;
            # before that nothing of ours has run, and the only failure is the layer's.
            if hasattr(self, "channel_name"):
                raise
            log_unavailable("channel layer", error)
            message = await receive()
            if message["type"] == "websocket.connect":
                await _accept_and_close(send, CLOSE_TRY_AGAIN)

    async def join_groups(self, *groups: str) -> bool:
        """Join `groups`; on failure close with 4503 and return False."""
        try:
            for group in groups:
                await self.channel_layer.group_add(group, self.channel_name)
                self.groups_joined.append(group)
        except Exception as error:
            log_unavailable("channel layer", error)
            await self.close_try_again()
            return False
        return True

    async def close_try_again(self) -> None:
        if not self.accepted:
            await self.accept()
        await self.close(code=CLOSE_TRY_AGAIN)

    async def accept(self, subprotocol=None, headers=None) -> None:
        self.accepted = True
        await super().accept(subprotocol, headers)

    async def leave_groups(self) -> None:
        try:
            for group in self.groups_joined:
                await self.channel_layer.group_discard(group, self.channel_name)
        except Exception:
            # Redis down: this process's subscription ends with its connection anyway.
            logger.warning("live: could not unsubscribe a socket", exc_info=True)
        self.groups_joined = []
