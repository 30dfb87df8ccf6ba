import pytest
from channels.db import database_sync_to_async

from forum.services import reaction_toggle
from tests.factories import ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def make_thread():
    return ThreadFactory()


@database_sync_to_async
def react(thread, kind):
    post = thread.posts.get()
    return reaction_toggle(post=post, by=UserFactory(), kind=kind)


async def test_changed_reaction_counts_are_forwarded_live(open_socket):
    thread = await make_thread()
    socket = await open_socket(f"/ws/t/{thread.pk}/", ready=True)
    post = await react(thread, "thanks")
    assert await socket.receive_until("post.reactions") == {
        "type": "post.reactions",
        "seq": 1,
        "post": {"id": post.pk, "reactions": {"thanks": 1}},
    }


async def test_a_replay_sends_the_counts_as_they_are_now(open_socket):
    thread = await make_thread()
    post = await react(thread, "thanks")
    await react(thread, "me_too")
    socket = await open_socket(f"/ws/t/{thread.pk}/?after=0")
    now = {"id": post.pk, "reactions": {"thanks": 1, "me_too": 1}}
    assert await socket.receive_events(2) == [
        {"type": "post.reactions", "seq": 1, "post": now},
        {"type": "post.reactions", "seq": 2, "post": now},
    ]
