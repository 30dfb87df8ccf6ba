"""`/ws/moderation/`: the live review queue. Moderators only; everyone else gets 4403.

The socket only forwards queue events (ids and state, never post text); the page fetches
a case's row over HTTP, where the same permission check runs again.
"""

import json
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer

from accounts.permissions import can_moderate
from forum import events as forum_events
from moderation.events import QUEUE_GROUP

CLOSE_FORBIDDEN = 4403
CLOSE_UNSUPPORTED = 4400  # 1003 is not a code a server may send through daphne


class ModerationQueueConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        self.user = self.scope["user"]
        self.groups_joined: list[str] = []
        # Accept first: a close code only reaches the browser on an open socket.
        await self.accept()
        if not can_moderate(self.user) or self.user.is_suspended:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        # The user group carries forced disconnects (forum.events.user_disconnect).
        for group in (QUEUE_GROUP, forum_events.user_group(self.user.pk)):
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)
        await self.send(text_data=json.dumps({"type": "ready"}))

    async def disconnect(self, code: int) -> None:
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data=None) -> None:
        # The queue takes no input over the socket: decisions go through the forms.
        await self.close(code=CLOSE_UNSUPPORTED)

    async def queue_event(self, message: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(message["event"]))

    async def user_disconnect(self, message: dict[str, Any]) -> None:
        await self.close(code=CLOSE_FORBIDDEN)

    async def user_notified(self, message: dict[str, Any]) -> None:
        """Notification counts are /ws/me/'s business; the queue ignores them."""
