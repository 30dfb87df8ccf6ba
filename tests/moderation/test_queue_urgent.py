"""A harm flag on a case that is already open makes it urgent, live, like a new one."""

import pytest
from channels.db import database_sync_to_async

from moderation.models import Case, FlagReason
from moderation.services import flag_create
from tests.factories import PostFactory, ThreadFactory, UserFactory
from tests.moderation.conftest import receive_json

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def flagged_post(reason):
    post = PostFactory(thread=ThreadFactory(), number=2)
    flag_create(post=post, by=UserFactory(), reason=reason, note="")
    return post


@database_sync_to_async
def flag_again(post, reason):
    flag_create(post=post, by=UserFactory(), reason=reason, note="")
    return Case.objects.get(post=post)


async def test_a_harm_flag_on_an_open_case_is_a_live_urgent_change(
    queue_socket, moderator
):
    post = await flagged_post(FlagReason.SPAM)
    socket = await queue_socket(user=moderator)
    assert await receive_json(socket) == {"type": "ready"}
    case = await flag_again(post, FlagReason.HARM)
    event = await receive_json(socket)
    assert (event["type"], event["case"]["id"]) == ("case.changed", case.pk)
    assert event["case"]["urgent"] is True
    assert event["case"]["became_urgent"] is True


async def test_more_flags_on_an_urgent_case_do_not_alert_again(queue_socket, moderator):
    post = await flagged_post(FlagReason.HARM)
    socket = await queue_socket(user=moderator)
    await receive_json(socket)
    await flag_again(post, FlagReason.HARM)
    event = await receive_json(socket)
    assert event["case"]["urgent"] is True
    assert event["case"]["became_urgent"] is False
