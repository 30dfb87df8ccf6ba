import pytest
from channels.db import database_sync_to_async

from forum.models import CategoryVisibility
from moderation.services import thread_move
from tests.factories import CategoryFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def test_moving_a_thread_into_a_members_only_category_closes_anonymous_sockets(
    open_socket,
):
    thread = await database_sync_to_async(ThreadFactory)()
    members_only = await database_sync_to_async(CategoryFactory)(
        visibility=CategoryVisibility.MEMBERS
    )
    moderator = await database_sync_to_async(UserFactory)(is_moderator=True)
    socket = await open_socket(f"/ws/t/{thread.pk}/", ready=True)
    await database_sync_to_async(thread_move)(
        thread=thread, by=moderator, reason="Personal story.", category=members_only
    )
    assert await socket.closed_with() == 4403
