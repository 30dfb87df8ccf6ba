"""WebSocket error paths as a client sees them through a real daphne: never an HTTP 500."""

import time

import pytest
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.sync.client import connect

from tests.factories import ThreadFactory, UserFactory
from tests.live.clients import LiveSocket, Member

pytestmark = pytest.mark.live

SERVER_ENV = {"FIRST_POSTS_NEEDING_APPROVAL": "0"}


def close_code(server, path: str, cookie: str = "") -> int:
    """The close code a client gets on `path`; a refused handshake fails the test."""
    headers = {"Origin": server.url, **({"Cookie": cookie} if cookie else {})}
    with (
        connect(
            f"{server.ws_url}{path}",
            additional_headers=headers,
            open_timeout=10,
        ) as socket,
        pytest.raises(ConnectionClosed) as closed,
    ):
        while True:
            socket.recv(timeout=10)
    return closed.value.rcvd.code


@pytest.mark.parametrize("path", ["/ws/nope/", "/ws/t/abc/", "/ws/t/1", "/ws/"])
def test_an_unknown_socket_path_is_closed_with_4404(live_site, path):
    assert close_code(live_site, path) == 4404
    assert "Traceback" not in live_site.log(), live_site.log()[-4000:]


def test_a_deeply_nested_frame_is_ignored_and_the_socket_stays_live(daphne_servers):
    server = daphne_servers.start(env=SERVER_ENV)
    thread = ThreadFactory()
    socket = LiveSocket(server, thread.pk)
    try:
        socket.socket.send("[" * 1000 + "]" * 1000)
        status, _ = Member(UserFactory()).reply(server, thread.pk, "Still live?")
        assert status == 302
        assert socket.next_event()["type"] == "post.created"
    finally:
        socket.close()
    assert "Traceback" not in server.log(), server.log()[-4000:]


@pytest.mark.parametrize("path", ["/ws/t/{thread}/", "/ws/me/", "/ws/moderation/"])
def test_a_socket_opened_while_redis_is_down_is_closed_with_4503(
    daphne_servers, private_redis, path
):
    server = daphne_servers.start(env={**SERVER_ENV, "REDIS_URL": private_redis.url})
    thread = ThreadFactory()
    moderator = Member(UserFactory(is_moderator=True))
    private_redis.stop()
    for _attempt in range(3):
        code = close_code(server, path.format(thread=thread.pk), moderator.cookie)
        assert code == 4503
    assert "Traceback" not in server.log(), server.log()[-4000:]
    # A client retrying after the outage is served (the layer reconnects on its own).
    private_redis.start()
    assert ready_after_retries(server, thread.pk) == {"type": "ready", "seq": 0}


def ready_after_retries(server, thread_id: int, timeout: float = 40) -> dict:
    """Connect as a retrying client does (static/js/live-socket.js) until served.

    While the pub/sub layer reconnects to a Redis that has just come back, an attempt
    can be closed with 4503 or go unanswered until the client gives up on it; either
    way the client tries again, and the outage must end in a served socket.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket = LiveSocket(server, thread_id, after=None)
        except (InvalidHandshake, TimeoutError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
            continue
        try:
            return socket.next_frame("ready")
        except ConnectionClosed as closed:
            assert closed.rcvd.code == 4503
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
        finally:
            socket.close()
