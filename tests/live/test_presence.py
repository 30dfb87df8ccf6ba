"""Presence counts distinct readers: members by id, anonymous readers by session."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from config.asgi import application
from core import live
from forum.live.presence import live_state
from tests.factories import ThreadFactory, UserFactory
from tests.live.conftest import Socket
from tests.services import require_redis

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def make_thread():
    return ThreadFactory()


@database_sync_to_async
def make_user():
    return UserFactory()


@database_sync_to_async
def anonymous_session_cookie() -> str:
    session = SessionStore()
    session["seen"] = True
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


async def count_seen_by_newcomer(open_socket, thread) -> int:
    """The count a fresh anonymous reader without a session is told on connect."""
    newcomer = await open_socket(f"/ws/t/{thread.pk}/")
    count = (await newcomer.receive_until("presence"))["count"]
    await newcomer.close()
    return count - 1


async def test_two_tabs_of_one_member_count_once(open_socket):
    thread = await make_thread()
    member = await make_user()
    first = await open_socket(f"/ws/t/{thread.pk}/", user=member)
    assert await first.receive_until("presence") == {"type": "presence", "count": 1}
    second = await open_socket(f"/ws/t/{thread.pk}/", user=member)
    assert await second.receive_until("presence") == {"type": "presence", "count": 1}
    assert await first.no_frame_of("presence")
    # Closing one tab leaves the member reading in the other.
    await second.close()
    assert await count_seen_by_newcomer(open_socket, thread) == 1


async def test_two_members_count_twice(open_socket):
    thread = await make_thread()
    first = await open_socket(f"/ws/t/{thread.pk}/", user=await make_user())
    assert await first.receive_until("presence") == {"type": "presence", "count": 1}
    second = await open_socket(f"/ws/t/{thread.pk}/", user=await make_user())
    assert await second.receive_until("presence") == {"type": "presence", "count": 2}
    assert await first.receive() == {"type": "presence", "count": 2}
    await second.close()
    assert await first.receive() == {"type": "presence", "count": 1}


async def test_anonymous_reader_with_a_session_counts_once(channel_layer):
    thread = await make_thread()
    cookie = await anonymous_session_cookie()
    headers = [
        (b"host", b"127.0.0.1"),
        (b"origin", b"http://127.0.0.1"),
        (b"cookie", cookie.encode()),
    ]
    sockets = []
    try:
        for _ in range(2):
            communicator = WebsocketCommunicator(
                application, f"/ws/t/{thread.pk}/", headers=headers
            )
            connected, _ = await communicator.connect(timeout=5)
            assert connected
            sockets.append(Socket(communicator))
            assert await sockets[-1].receive_until("presence") == {
                "type": "presence",
                "count": 1,
            }
    finally:
        for socket in sockets:
            await socket.close()


async def test_on_redis_a_members_sockets_in_any_process_count_once(open_socket):
    require_redis()
    thread = await make_thread()
    member = await make_user()
    other = await make_user()
    group = live.thread_group(thread.pk)
    first = await open_socket(f"/ws/t/{thread.pk}/", user=member, ready=True)
    second = await open_socket(f"/ws/t/{thread.pk}/", user=member)
    assert await second.receive_until("presence") == {"type": "presence", "count": 1}
    # Another process's socket of the same member shares the entry in Redis.
    assert await live_state.touch(group, f"u{member.pk}", "elsewhere!1") == 1
    assert await live_state.count(group) == 1
    third = await open_socket(f"/ws/t/{thread.pk}/", user=other)
    assert await third.receive_until("presence") == {"type": "presence", "count": 2}
    await first.close()
    await second.close()
    # The member's socket on the other process still keeps them present.
    assert await live_state.count(group) == 2
    assert await live_state.leave(group, f"u{member.pk}", "elsewhere!1") == 1
    await third.close()
    assert await live_state.count(group) == 0
