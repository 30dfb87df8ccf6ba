"""HTTP admission control at the ASGI layer, with a plain ASGI app inside it."""

import asyncio

from config.admission import HttpAdmission


class HeldApp:
    """An ASGI app whose HTTP requests stay inside until released."""

    def __init__(self):
        self.inside = 0
        self.most_inside = 0
        self.release = asyncio.Event()

    async def __call__(self, scope, receive, send):
        self.inside += 1
        self.most_inside = max(self.most_inside, self.inside)
        try:
            if scope["type"] == "http":
                await self.release.wait()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})
        finally:
            self.inside -= 1


async def call(app, scope_type="http"):
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await app({"type": scope_type, "method": "GET", "path": "/"}, receive, send)
    return sent


async def test_requests_beyond_the_limit_wait_and_then_all_are_served():
    inner = HeldApp()
    app = HttpAdmission(inner, limit=2, wait_seconds=30, retry_after=5)
    requests = [asyncio.create_task(call(app)) for _ in range(6)]
    while inner.inside < 2:
        await asyncio.sleep(0)
    inner.release.set()
    answers = await asyncio.gather(*requests)
    assert [answer[0]["status"] for answer in answers] == [200] * 6
    assert inner.most_inside == 2


async def test_a_request_that_waited_too_long_is_told_to_retry_after():
    inner = HeldApp()
    app = HttpAdmission(inner, limit=1, wait_seconds=0.05, retry_after=7)
    held = asyncio.create_task(call(app))
    while inner.inside < 1:
        await asyncio.sleep(0)
    start, body = await call(app)
    assert start["status"] == 503
    assert (b"retry-after", b"7") in start["headers"]
    assert b"The site is busy right now" in body["body"]
    inner.release.set()
    assert (await held)[0]["status"] == 200


async def test_sockets_never_wait_behind_pages():
    inner = HeldApp()
    app = HttpAdmission(inner, limit=1, wait_seconds=30, retry_after=5)
    held = asyncio.create_task(call(app))
    while inner.inside < 1:
        await asyncio.sleep(0)
    answer = await asyncio.wait_for(call(app, scope_type="websocket"), timeout=5)
    assert answer[0]["status"] == 200
    inner.release.set()
    await held
