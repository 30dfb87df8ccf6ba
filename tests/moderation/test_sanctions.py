from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.utils import formats, timezone, translation

from accounts.models import User
from forum.models import Post
from moderation.models import Statement
from moderation.services import member_silence, member_suspend
from tests.factories import PASSWORD, ThreadFactory
from tests.moderation.conftest import closed_with, session_cookie


def _end_passes(user, field):
    """The sanction's end time arrives (the clock moves past it)."""
    User.objects.filter(pk=user.pk).update(
        **{field: timezone.now() - timedelta(seconds=1)}
    )


@pytest.mark.django_db
def test_silenced_member_can_read_but_not_post_until_the_end_time(
    client, member, moderator, settings
):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    thread = ThreadFactory()
    member_silence(
        user=member,
        by=moderator,
        reason="Cool down.",
        guideline="respect",
        until=timezone.now() + timedelta(days=1),
    )
    client.force_login(member)
    assert client.get(thread.get_absolute_url()).status_code == 200
    refused = client.post(f"/t/{thread.pk}/reply/", {"body": "Still here."})
    assert refused.status_code == 403
    flag = client.post(f"/p/{thread.posts.get().pk}/flag/", {"reason": "spam"})
    assert flag.status_code == 403
    _end_passes(member, "silenced_until")
    allowed = client.post(f"/t/{thread.pk}/reply/", {"body": "Back again."})
    assert allowed.status_code == 302
    assert Post.objects.filter(body="Back again.").exists()


@pytest.mark.django_db
def test_suspended_member_is_signed_out_and_cannot_log_in_until_the_end_time(
    client, member, moderator
):
    client.force_login(member)
    member_suspend(
        user=member,
        by=moderator,
        reason="Threats.",
        guideline="safety",
        until=timezone.now() + timedelta(days=7),
    )
    response = client.get("/notices/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    login = {"username": member.username, "password": PASSWORD}
    assert client.post("/accounts/login/", login).status_code == 400
    assert "_auth_user_id" not in client.session
    _end_passes(member, "suspended_until")
    assert client.post("/accounts/login/", login).status_code == 302
    assert client.get("/notices/").status_code == 200


async def _socket(path, user):
    from channels.testing import WebsocketCommunicator

    from config.asgi import application

    headers = [
        (b"host", b"127.0.0.1"),
        (b"origin", b"http://127.0.0.1"),
        (b"cookie", (await session_cookie(user)).encode()),
    ]
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    return communicator


@pytest.mark.django_db(transaction=True)
async def test_suspension_closes_live_sockets_and_refuses_new_ones_until_the_end_time(
    member, moderator
):
    from channels.layers import get_channel_layer

    socket = await _socket("/ws/me/", member)
    assert (await socket.receive_json_from(timeout=3))["type"] == "notifications"
    await database_sync_to_async(member_suspend)(
        user=member,
        by=moderator,
        reason="Threats.",
        guideline="safety",
        until=timezone.now() + timedelta(days=7),
    )
    assert await closed_with(socket) == 4403
    again = await _socket("/ws/me/", member)
    assert await closed_with(again) == 4403
    await database_sync_to_async(_end_passes)(member, "suspended_until")
    lifted = await _socket("/ws/me/", member)
    assert (await lifted.receive_json_from(timeout=3))["type"] == "notifications"
    await lifted.disconnect()
    await get_channel_layer().flush()


@pytest.mark.django_db(transaction=True)
async def test_suspended_moderator_is_refused_by_the_queue_socket(moderator):
    await database_sync_to_async(User.objects.filter(pk=moderator.pk).update)(
        suspended_until=timezone.now() + timedelta(days=1)
    )
    socket = await _socket("/ws/moderation/", moderator)
    assert await closed_with(socket) == 4403


@pytest.mark.django_db
def test_indefinite_suspension_is_told_as_such_never_as_a_date(
    client, member, moderator
):
    client.force_login(member)
    member_suspend(
        user=member, by=moderator, reason="Threats.", guideline="safety", until=None
    )
    signed_out = client.get("/notices/", follow=True).content.decode()
    assert "suspended until a moderator lifts the suspension" in signed_out
    login = {"username": member.username, "password": PASSWORD}
    refused = client.post("/accounts/login/", login).content.decode()
    assert "suspended until a moderator lifts the suspension" in refused
    client.force_login(moderator)
    page = client.get(f"/moderation/members/{member.username}/").content.decode()
    assert "Suspended until a moderator lifts it." in page
    statement = Statement.objects.get(user=member)
    notice = client.get(statement.get_absolute_url()).content.decode()
    assert "When a moderator lifts it" in notice
    for html in (signed_out, refused, page, notice):
        assert "9999" not in html
        assert "until until" not in html.lower()


@pytest.mark.django_db
def test_suspension_end_is_shown_in_the_readers_language_and_time_zone(
    client, member, moderator
):
    until = timezone.now() + timedelta(days=3)
    member_suspend(
        user=member, by=moderator, reason="Threats.", guideline="safety", until=until
    )
    with translation.override("it"):
        expected = formats.date_format(timezone.localtime(until), "DATETIME_FORMAT")
    client.force_login(member)
    signed_out = client.get(
        "/notices/", follow=True, HTTP_ACCEPT_LANGUAGE="it"
    ).content.decode()
    assert expected in signed_out
    assert until.date().isoformat() not in signed_out
    login = {"username": member.username, "password": PASSWORD}
    refused = client.post(
        "/accounts/login/", login, HTTP_ACCEPT_LANGUAGE="it"
    ).content.decode()
    assert expected in refused
    assert until.date().isoformat() not in refused


@pytest.mark.django_db
def test_indefinite_silence_is_told_as_such(client, member, moderator):
    member_silence(
        user=member, by=moderator, reason="Cool down.", guideline="respect", until=None
    )
    client.force_login(moderator)
    page = client.get(f"/moderation/members/{member.username}/").content.decode()
    assert "Silenced until a moderator lifts it." in page
    assert "9999" not in page


@pytest.mark.django_db
def test_silenced_member_is_told_when_they_can_post_again(
    client, member, moderator, settings
):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    thread = ThreadFactory()
    member_silence(
        user=member, by=moderator, reason="Cool down.", guideline="respect", until=None
    )
    client.force_login(member)
    refused = client.post(f"/t/{thread.pk}/reply/", {"body": "Still here."})
    assert "until a moderator lifts the silence" in refused.content.decode()
    assert "9999" not in refused.content.decode()
    until = timezone.now() + timedelta(days=1)
    member_silence(
        user=member, by=moderator, reason="Shorter.", guideline="respect", until=until
    )
    with translation.override("it"):
        expected = formats.date_format(timezone.localtime(until), "DATETIME_FORMAT")
    refused = client.post(
        f"/t/{thread.pk}/reply/", {"body": "Still here."}, HTTP_ACCEPT_LANGUAGE="it"
    )
    assert expected in refused.content.decode()
