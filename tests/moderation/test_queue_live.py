import pytest
from channels.db import database_sync_to_async

from moderation.models import Case, FlagReason
from moderation.services import case_claim, flag_create
from tests.factories import PostFactory, ThreadFactory, UserFactory
from tests.moderation.conftest import receive_json

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def flagged_post(reason):
    post = PostFactory(thread=ThreadFactory(), number=2)
    flag_create(post=post, by=UserFactory(), reason=reason, note="")
    return Case.objects.get(post=post)


async def test_the_live_queue_receives_a_new_case(queue_socket, moderator):
    socket = await queue_socket(user=moderator)
    assert await receive_json(socket) == {"type": "ready"}
    case = await flagged_post(FlagReason.SPAM)
    event = await receive_json(socket)
    assert event["type"] == "case.opened"
    assert event["case"]["id"] == case.pk
    assert event["case"]["urgent"] is False
    assert event["case"]["row_url"] == f"/moderation/cases/{case.pk}/row/"


async def test_a_harm_flag_alerts_moderators_at_once_as_urgent(queue_socket, moderator):
    socket = await queue_socket(user=moderator)
    await receive_json(socket)
    await flagged_post(FlagReason.HARM)
    event = await receive_json(socket)
    assert (event["type"], event["case"]["urgent"]) == ("case.opened", True)


async def test_a_claim_is_a_live_change(queue_socket, moderator):
    case = await flagged_post(FlagReason.SPAM)
    socket = await queue_socket(user=moderator)
    await receive_json(socket)
    await database_sync_to_async(case_claim)(case=case, by=moderator)
    event = await receive_json(socket)
    assert (event["type"], event["case"]["id"]) == ("case.changed", case.pk)


async def test_the_queue_socket_takes_no_input(queue_socket, moderator):
    from tests.moderation.conftest import closed_with

    socket = await queue_socket(user=moderator)
    await receive_json(socket)
    await socket.send_to(text_data='{"type": "hide", "case": 1}')
    assert await closed_with(socket) == 4400
