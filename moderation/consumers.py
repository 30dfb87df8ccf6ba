"""`/ws/moderation/`: the live review queue. Moderators only; everyone else gets 4403.

The socket only forwards queue events (ids and state, never post text); the page fetches
a case's row over HTTP, where the same permission check runs again.
"""

import json
from typing import Any

from accounts.permissions import can_moderate
from core import live
from core.live import LiveConsumer


class ModerationQueueConsumer(LiveConsumer):
    async def connect(self) -> None:
        self.user = self.scope["user"]
        if not can_moderate(self.user) or self.user.is_suspended:
            # Accepted first: a close code only reaches the browser on an open socket.
            await self.accept()
            await self.close(code=live.CLOSE_FORBIDDEN)
            return
        if not await self.join_groups(
            live.MODERATION_QUEUE_GROUP, live.user_disconnect_group(self.user.pk)
        ):
            return
        await self.accept()
        await self.send(text_data=json.dumps({"type": "ready"}))

    async def disconnect(self, code: int) -> None:
        await self.leave_groups()

    async def receive(self, text_data: str | None = None, bytes_data=None) -> None:
        # The queue takes no input over the socket: decisions go through the forms.
        await self.close(code=live.CLOSE_UNSUPPORTED)

    async def queue_event(self, message: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(message["event"]))

    async def user_disconnect(self, message: dict[str, Any]) -> None:
        await self.close(code=live.CLOSE_FORBIDDEN)
