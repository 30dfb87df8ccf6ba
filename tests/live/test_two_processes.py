"""The live stack for real: daphne processes, Redis, the HTTP reply form, `websockets`."""

import time

import pytest
from websockets.exceptions import ConnectionClosed

from forum.models import Post, PostStatus, ThreadEvent
from forum.services.visibility import post_hide
from tests.factories import ThreadFactory, UserFactory
from tests.live.clients import LiveSocket, Member
from tests.services import require_redis

pytestmark = pytest.mark.live

# Members' first posts are not held for approval here: this is about delivery.
SERVER_ENV = {"FIRST_POSTS_NEEDING_APPROVAL": "0"}


def test_reply_edit_and_hide_reach_sockets_on_both_processes(daphne_servers):
    require_redis()
    first = daphne_servers.start(env=SERVER_ENV)
    second = daphne_servers.start(env=SERVER_ENV)
    thread = ThreadFactory()
    author = Member(UserFactory())
    moderator = UserFactory(is_moderator=True)
    on_first = LiveSocket(first, thread.pk)
    on_second = LiveSocket(second, thread.pk)
    try:
        status, location = author.reply(first, thread.pk, "Across **processes**")
        assert status == 302, location
        post = Post.objects.get(thread=thread, number=2)
        assert location.endswith(f"#post-{post.pk}")
        for socket in (on_first, on_second):
            event = socket.next_event()
            assert (event["type"], event["seq"]) == ("post.created", 1)
            assert event["post"]["id"] == post.pk
            assert event["post"]["html"] == post.body_html

        status, _ = author.post(
            f"{second.url}/p/{post.pk}/edit/", {"body": "Edited text", "version": 1}
        )
        assert status == 302, second.log()[-3000:]
        for socket in (on_first, on_second):
            event = socket.next_event()
            assert (event["type"], event["seq"]) == ("post.updated", 2)
            assert "Edited text" in event["post"]["html"]

        post_hide(post=Post.objects.get(pk=post.pk), by=moderator)
        for socket in (on_first, on_second):
            assert socket.next_event() == {
                "type": "post.hidden",
                "seq": 3,
                "post": {"id": post.pk},
            }
    finally:
        on_first.close()
        on_second.close()


def catch_up(server, thread_id: int, after: int, timeout: float = 20):
    """What the page does after an outage: reconnect with backoff until the server
    takes the socket, then read the first replayed event."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket = LiveSocket(server, thread_id, after=after)
            return socket, socket.next_event(timeout=5)
        except (OSError, ConnectionClosed):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_posting_survives_a_redis_outage_and_clients_catch_up(
    daphne_servers, private_redis
):
    server = daphne_servers.start(env={**SERVER_ENV, "REDIS_URL": private_redis.url})
    thread = ThreadFactory()
    author = Member(UserFactory())
    stays_open = LiveSocket(server, thread.pk)
    status, _ = author.reply(server, thread.pk, "Before the outage")
    assert status == 302
    assert stays_open.next_event()["seq"] == 1

    private_redis.stop()
    status, location = author.reply(server, thread.pk, "During the outage")
    assert status == 302, server.log()[-3000:]
    during = Post.objects.get(thread=thread, body="During the outage")
    assert during.status == PostStatus.PUBLISHED
    assert location.endswith(f"#post-{during.pk}")
    event = ThreadEvent.objects.get(thread=thread, seq=2)
    assert event.payload["post"]["id"] == during.pk
    # The failed wake-up is logged by on_commit(robust=True), not raised.
    assert "on_commit" in server.log()

    private_redis.start()
    reconnected, missed = catch_up(server, thread.pk, after=1)
    try:
        assert (missed["type"], missed["seq"]) == ("post.created", 2)
        assert missed["post"]["id"] == during.pk
        status, _ = author.reply(server, thread.pk, "After the outage")
        assert status == 302
        assert reconnected.next_event()["seq"] == 3
        # A socket that stayed open through the outage fills the gap from the log.
        assert [stays_open.next_event()["seq"] for _ in range(2)] == [2, 3]
    finally:
        reconnected.close()
        stays_open.close()
