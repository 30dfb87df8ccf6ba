"""Hundreds of plain sockets on two real daphne processes and Redis (issue 12's race).

A client that opens a thread socket without `?after=` must get every event committed
after the socket opened, once and in order, with no recovery of its own; one that opens
while replies are being posted gets, after its `ready` frame, every later event.
"""

import asyncio
import json
import time

import pytest
from websockets.asyncio.client import connect

from tests.factories import ThreadFactory, UserFactory
from tests.live.clients import Member
from tests.services import require_redis

pytestmark = pytest.mark.live

SERVER_ENV = {
    "FIRST_POSTS_NEEDING_APPROVAL": "0",
    "FORUM_REPLIES_PER_MINUTE": "100000",
    "LOG_LEVEL": "WARNING",
}
OPEN_FIRST = 400
OPEN_WHILE_POSTING = 100
REPLIES = 10
# Opened this many at a time, so that the listen backlog never overflows.
CONNECT_BATCH = 200


class PlainClient:
    """A socket that keeps every frame's seq and does nothing to recover."""

    def __init__(self, server, thread_id: int):
        self.url = f"{server.ws_url}/ws/t/{thread_id}/"
        self.origin = server.url
        self.ready: int | None = None
        self.seqs: list[int] = []

    async def open(self) -> None:
        self.socket = await connect(
            self.url,
            additional_headers={"Origin": self.origin},
            open_timeout=60,
            max_queue=None,
        )
        self.reading = asyncio.ensure_future(self.read())

    async def read(self) -> None:
        async for text in self.socket:
            frame = json.loads(text)
            if frame["type"] == "ready":
                self.ready = frame["seq"]
            elif "seq" in frame:
                self.seqs.append(frame["seq"])

    def caught_up(self) -> bool:
        return self.ready == REPLIES or self.seqs[-1:] == [REPLIES]

    async def close(self) -> None:
        await self.socket.close()
        await self.reading


async def open_all(clients: list[PlainClient]) -> None:
    for start in range(0, len(clients), CONNECT_BATCH):
        await asyncio.gather(
            *(c.open() for c in clients[start : start + CONNECT_BATCH])
        )


async def post_replies(author: Member, server, thread_id: int) -> None:
    for number in range(REPLIES):
        status, _ = await asyncio.to_thread(
            author.reply, server, thread_id, f"Reply {number}"
        )
        assert status == 302


async def wait_for(predicate, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        await asyncio.sleep(0.1)


async def run(servers, thread_id: int, author: Member):
    def clients(count: int) -> list[PlainClient]:
        return [PlainClient(servers[i % 2], thread_id) for i in range(count)]

    first, late = clients(OPEN_FIRST), clients(OPEN_WHILE_POSTING)
    await open_all(first)
    # Posting starts as soon as the last socket is open, and more open meanwhile.
    await asyncio.gather(post_replies(author, servers[0], thread_id), open_all(late))
    everyone = first + late
    await wait_for(lambda: all(c.caught_up() for c in everyone), 60)
    for client in everyone:
        await client.close()
    return first, late


def test_sockets_opened_without_after_get_every_later_reply_once_in_order(
    daphne_servers,
):
    require_redis()
    servers = [daphne_servers.start(env=SERVER_ENV) for _ in range(2)]
    thread = ThreadFactory()
    author = Member(UserFactory())
    first, late = asyncio.run(run(servers, thread.pk, author))
    everything = list(range(1, REPLIES + 1))
    missed = [c.seqs for c in first if c.seqs != everything]
    assert not missed, f"{len(missed)} of {len(first)} sockets: {missed[:5]}"
    assert {c.ready for c in first} == {0}
    wrong = [
        (c.ready, c.seqs)
        for c in late
        if c.ready is None or c.seqs != list(range(c.ready + 1, REPLIES + 1))
    ]
    assert not wrong, f"{len(wrong)} of {len(late)} sockets: {wrong[:5]}"
