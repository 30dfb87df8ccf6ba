"""The bell on /ws/me/ follows what its member may see: hiding a post they were told
about lowers the count on their open pages at once, restoring it raises it again."""

import pytest
from channels.db import database_sync_to_async

from forum.services import post_create
from forum.services.visibility import post_hide, post_restore
from tests.factories import ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def _setup():
    starter, replier = UserFactory(), UserFactory()
    moderator = UserFactory(is_moderator=True)
    thread = ThreadFactory(author=starter)
    reply = post_create(thread=thread, by=replier, body="You are not alone.")
    return starter, moderator, reply


async def test_the_bell_drops_a_hidden_post_and_counts_it_again_restored(open_socket):
    starter, moderator, reply = await _setup()
    bell = await open_socket("/ws/me/", user=starter)
    assert await bell.receive() == {"type": "notifications", "unread": 1}

    await database_sync_to_async(post_hide)(post=reply, by=moderator)
    assert await bell.receive() == {"type": "notifications", "unread": 0}

    await database_sync_to_async(post_restore)(post=reply, by=moderator)
    assert await bell.receive() == {"type": "notifications", "unread": 1}


async def test_a_new_socket_counts_what_the_list_shows(open_socket):
    starter, moderator, reply = await _setup()
    await database_sync_to_async(post_hide)(post=reply, by=moderator)
    bell = await open_socket("/ws/me/", user=starter)
    assert await bell.receive() == {"type": "notifications", "unread": 0}
