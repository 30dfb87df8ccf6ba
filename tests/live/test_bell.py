"""The header's bell: the unread count, live over a real /ws/me/ socket on daphne."""

import json
import time

import pytest
from websockets.sync.client import connect

from accounts.models import Notification
from tests.factories import ThreadFactory, UserFactory
from tests.live.clients import Member
from tests.services import require_redis
from tests.task_worker import start_relay

pytestmark = pytest.mark.live

SERVER_ENV = {"FIRST_POSTS_NEEDING_APPROVAL": "0"}


def _count_frames(socket, want: int, timeout: float = 10) -> int:
    """Read count frames until one says `want` (an earlier count may arrive first)."""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"the bell never showed {want}")
        frame = json.loads(socket.recv(timeout=remaining))
        if frame["type"] == "notifications" and frame["unread"] == want:
            return frame["unread"]


@pytest.mark.parametrize("relay", [False, True], ids=["in the request", "by the relay"])
def test_a_reply_rings_the_bell_and_marking_read_clears_it(
    daphne_servers, tmp_path, relay
):
    if relay:
        require_redis()  # the relay wakes the bell through Redis
        relay_process = start_relay(tmp_path)
    server = daphne_servers.start(
        env={**SERVER_ENV, "POST_NOTIFICATIONS_IN_WORKER": "1" if relay else "0"}
    )
    starter = Member(UserFactory(username="starter"))
    replier = Member(UserFactory(username="replier"))
    thread = ThreadFactory(author=starter.user)
    bell = connect(
        f"{server.ws_url}/ws/me/",
        additional_headers={"Origin": server.url, "Cookie": starter.cookie},
        open_timeout=10,
        legacy=True,
    )
    try:
        assert _count_frames(bell, 0) == 0
        status, _location = replier.reply(server, thread.pk, "You are not alone.")
        assert status == 302, server.log()[-3000:]
        assert _count_frames(bell, 1) == 1
        assert Notification.objects.get(user=starter.user).kind == "post.reply"
        status, _location = starter.post(
            f"{server.url}/accounts/notifications/", {"all": "1"}
        )
        assert status == 302
        assert _count_frames(bell, 0) == 0
    finally:
        bell.close()
        if relay:
            relay_process.stop()
