"""Under ASGI the middleware chain stays in the event loop: no sync-only link in it."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.module_loading import import_string

from tests.factories import UserFactory


@pytest.fixture
async def close_thread_connections():
    """sync_to_async in a test runs on one long-lived thread: close its connection, or
    PostgreSQL cannot drop the test database."""
    yield
    await sync_to_async(connections.close_all)()


def test_every_middleware_has_an_async_path():
    """Django adapts a sync-only middleware with a thread hop (AsyncToSync) per request."""
    sync_only = [
        path
        for path in settings.MIDDLEWARE
        if not getattr(import_string(path), "async_capable", False)
    ]
    assert sync_only == []


@pytest.mark.django_db(transaction=True)
async def test_a_nul_character_is_a_400_on_the_async_path(async_client):
    response = await async_client.get("/?%00=1")
    assert response.status_code == 400
    assert b"This address cannot be read" in response.content
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db(transaction=True)
async def test_a_suspended_member_is_signed_out_on_the_async_path(
    async_client, close_thread_connections
):
    member = await sync_to_async(UserFactory)(
        suspended_until=timezone.now() + timedelta(days=3)
    )
    await async_client.aforce_login(member)
    response = await async_client.get("/notices/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in await async_client.asession()


@pytest.mark.django_db(transaction=True)
async def test_a_members_language_applies_on_the_async_path(
    async_client, close_thread_connections
):
    member = await sync_to_async(UserFactory)(preferred_language="it")
    await async_client.aforce_login(member)
    response = await async_client.get("/", headers={"accept-language": "en"})
    assert b'<html lang="it"' in response.content
    assert b"Vai al contenuto principale" in response.content
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "it"
