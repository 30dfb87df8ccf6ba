"""accounts' live socket (SPEC §5): a member's unread count and forced disconnects."""

import json
from typing import Any

from channels.db import database_sync_to_async

from accounts.permissions import is_member
from accounts.selectors import unread_notification_count
from core import live
from core.live import LiveConsumer


@database_sync_to_async
def _unread_count(user) -> int:
    return unread_notification_count(viewer=user)


class MeConsumer(LiveConsumer):
    """`/ws/me/`: the signed-in user's notification count and forced disconnects."""

    async def connect(self) -> None:
        self.user = self.scope["user"]
        if not is_member(self.user) or self.user.is_suspended:
            await self.accept()
            await self.close(code=live.CLOSE_FORBIDDEN)
            return
        if not await self.join_groups(
            live.user_disconnect_group(self.user.pk),
            live.user_notifications_group(self.user.pk),
        ):
            return
        await self.accept()
        await self.send_count()

    async def disconnect(self, code: int) -> None:
        await self.leave_groups()

    async def receive(self, text_data: str | None = None, bytes_data=None) -> None:
        # Nothing is expected from the client; anything at all is a misbehaving one.
        await self.close(code=live.CLOSE_UNSUPPORTED)

    async def send_count(self) -> None:
        unread = await _unread_count(self.user)
        await self.send(
            text_data=json.dumps({"type": "notifications", "unread": unread})
        )

    async def user_notified(self, message: dict[str, Any]) -> None:
        await self.send_count()

    async def user_checkin(self, message: dict[str, Any]) -> None:
        """A new message in one of the user's private check-ins (ids only)."""
        await self.send(
            text_data=json.dumps(
                {
                    "type": "checkin",
                    "checkin": message["checkin"],
                    "message": message["message"],
                }
            )
        )

    async def user_disconnect(self, message: dict[str, Any]) -> None:
        await self.close(code=live.CLOSE_FORBIDDEN)
