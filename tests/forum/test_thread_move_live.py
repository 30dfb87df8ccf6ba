import json

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from config.asgi import application
from forum.models import CategoryVisibility
from forum.services import thread_move
from tests.factories import CategoryFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def _closed_with(communicator: WebsocketCommunicator) -> int:
    while True:
        output = await communicator.receive_output(timeout=3)
        if output["type"] == "websocket.close":
            return output.get("code", 1000)


async def test_moving_a_thread_into_a_members_only_category_closes_anonymous_sockets():
    thread = await database_sync_to_async(ThreadFactory)()
    members_only = await database_sync_to_async(CategoryFactory)(
        visibility=CategoryVisibility.MEMBERS
    )
    moderator = await database_sync_to_async(UserFactory)(is_moderator=True)
    communicator = WebsocketCommunicator(
        application,
        f"/ws/t/{thread.pk}/",
        headers=[(b"host", b"127.0.0.1"), (b"origin", b"http://127.0.0.1")],
    )
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    try:
        frame = json.loads(await communicator.receive_from(timeout=3))
        assert frame["type"] == "presence"
        await database_sync_to_async(thread_move)(
            thread=thread, by=moderator, reason="Personal story.", category=members_only
        )
        assert await _closed_with(communicator) == 4403
    finally:
        if not communicator.future.done():
            await communicator.disconnect()
        await get_channel_layer().flush()
