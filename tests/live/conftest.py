import json

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from config.asgi import application
from forum.live.presence import LiveState
from tests.live_server import RedisServer
from tests.services import require_redis_server_binary


@pytest.fixture
async def channel_layer():
    """The configured layer (in-memory, or Redis pub/sub with REDIS_URL), emptied after."""
    layer = get_channel_layer()
    yield layer
    await layer.flush()
    for client in list(LiveState._clients.values()):
        await client.aclose()
    LiveState._clients.clear()


@database_sync_to_async
def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


class Socket:
    """A WebsocketCommunicator on the full ASGI stack (origin check, session auth)."""

    def __init__(self, communicator: WebsocketCommunicator):
        self.communicator = communicator

    async def receive(self, timeout: float = 3) -> dict:
        return json.loads(await self.communicator.receive_from(timeout=timeout))

    async def receive_until(self, kind: str, timeout: float = 3) -> dict:
        """The next frame of type `kind`, skipping presence and typing frames."""
        while True:
            frame = await self.receive(timeout=timeout)
            if frame["type"] == kind:
                return frame
            assert frame["type"] in ("presence", "typing", "ready"), frame

    async def receive_events(self, count: int, timeout: float = 3) -> list[dict]:
        """The next `count` frames that carry a seq, skipping ephemeral ones."""
        frames = []
        while len(frames) < count:
            frame = await self.receive(timeout=timeout)
            if frame["type"] != "ready" and "seq" in frame or frame["type"] == "resync":
                frames.append(frame)
        return frames

    async def send(self, frame: dict | str) -> None:
        text = frame if isinstance(frame, str) else json.dumps(frame)
        await self.communicator.send_to(text_data=text)

    async def closed_with(self, timeout: float = 3) -> int:
        while True:
            output = await self.communicator.receive_output(timeout=timeout)
            if output["type"] == "websocket.close":
                return output.get("code", 1000)

    async def nothing(self, timeout: float = 0.3) -> bool:
        return await self.communicator.receive_nothing(timeout=timeout)

    async def no_frame_of(self, kind: str, timeout: float = 0.5) -> bool:
        """True if no frame of type `kind` arrives within `timeout` (others are skipped)."""
        while not await self.communicator.receive_nothing(timeout=timeout):
            if (await self.receive())["type"] == kind:
                return False
        return True

    async def close(self) -> None:
        if not self.communicator.future.done():
            await self.communicator.disconnect()


@pytest.fixture
async def open_socket(channel_layer):
    """`await open_socket(path, user=None)`: a connected Socket, disconnected after."""
    sockets = []

    async def connect(
        path, user=None, origin="http://127.0.0.1", expect=True, ready=False
    ):
        """`ready=True` waits for the first presence frame: connect() has finished."""
        headers = [(b"host", b"127.0.0.1"), (b"origin", origin.encode())]
        if user is not None:
            headers.append((b"cookie", (await session_cookie(user)).encode()))
        communicator = WebsocketCommunicator(application, path, headers=headers)
        connected, _ = await communicator.connect(timeout=5)
        assert connected is expect
        socket = Socket(communicator)
        if connected:
            sockets.append(socket)
        if ready:
            await socket.receive_until("presence")
        return socket

    yield connect
    for socket in sockets:
        await socket.close()


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of the test's own, which a test may stop and start again."""
    server = RedisServer(require_redis_server_binary(), tmp_path)
    server.start()
    yield server
    server.stop()
