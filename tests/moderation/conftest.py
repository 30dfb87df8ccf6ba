import json

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from accounts.models import Notification
from config.asgi import application
from forum.services.counters import thread_counters_refresh
from tests.factories import CategoryFactory, PostFactory, ThreadFactory, UserFactory

# The thread fixtures, for the thread actions that moved here from forum.
from tests.forum.conftest import category, make_thread  # noqa: F401


@pytest.fixture
def author(db):
    return UserFactory(username="post_author", country="IT")


@pytest.fixture
def second_moderator(db):
    return UserFactory(username="moderator_two", is_moderator=True)


@pytest.fixture
def make_post(db):
    """`make_post(**fields)`: a published reply in a public thread, counters in step."""

    def make(**fields):
        thread = fields.pop("thread", None) or ThreadFactory(
            category=fields.pop("category", None) or CategoryFactory()
        )
        post = PostFactory(thread=thread, number=thread.last_post_number + 1, **fields)
        thread.last_post_number = post.number
        thread.save(update_fields=["last_post_number"])
        thread_counters_refresh(thread)
        post.refresh_from_db()
        return post

    return make


@pytest.fixture
def post(make_post, author):
    return make_post(author=author, body="Call me, I can get you some.")


@pytest.fixture
def make_flaggers(db):
    def make(count: int):
        return [UserFactory(username=f"flagger_{index}") for index in range(count)]

    return make


def notification_texts(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("text", flat=True))


@database_sync_to_async
def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


@pytest.fixture
async def queue_socket():
    """`await queue_socket(user=None)`: a WebsocketCommunicator on /ws/moderation/."""
    sockets = []

    async def connect(user=None):
        headers = [(b"host", b"127.0.0.1"), (b"origin", b"http://127.0.0.1")]
        if user is not None:
            headers.append((b"cookie", (await session_cookie(user)).encode()))
        communicator = WebsocketCommunicator(
            application, "/ws/moderation/", headers=headers
        )
        connected, _ = await communicator.connect(timeout=5)
        assert connected
        sockets.append(communicator)
        return communicator

    yield connect
    for communicator in sockets:
        if not communicator.future.done():
            await communicator.disconnect()
    await get_channel_layer().flush()


async def receive_json(communicator, timeout: float = 3) -> dict:
    return json.loads(await communicator.receive_from(timeout=timeout))


async def closed_with(communicator, timeout: float = 3) -> int:
    while True:
        output = await communicator.receive_output(timeout=timeout)
        if output["type"] == "websocket.close":
            return output.get("code", 1000)
