import asyncio
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.permissions import can_post
from accounts.services import member_sanction_lift, member_silence, member_suspend
from core.live import user_disconnect_group
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_member_cannot_silence_another(member, other_member):
    with pytest.raises(PermissionDenied):
        member_silence(
            user=other_member, by=member, until=timezone.now() + timedelta(days=1)
        )
    other_member.refresh_from_db()
    assert other_member.silenced_until is None


def test_moderators_are_not_sanctioned_by_another_moderator(moderator):
    second = UserFactory(username="moderator_two", is_moderator=True)
    with pytest.raises(PermissionDenied):
        member_suspend(user=second, by=moderator, until=timezone.now())


@pytest.mark.django_db(transaction=True)
async def test_suspension_tells_the_members_sockets_to_close(member, moderator):
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(user_disconnect_group(member.pk), channel)
    try:
        await database_sync_to_async(member_suspend)(
            user=member, by=moderator, until=timezone.now() + timedelta(days=1)
        )
        message = await asyncio.wait_for(layer.receive(channel), timeout=3)
    finally:
        await layer.flush()
    assert message["type"] == "user.disconnect"


def test_lifting_a_silence_leaves_a_suspension(member, moderator):
    until = timezone.now() + timedelta(days=1)
    member_silence(user=member, by=moderator, until=until)
    member_suspend(user=member, by=moderator, until=until)
    member_sanction_lift(user=member, by=moderator, suspension=False)
    member.refresh_from_db()
    assert (member.silenced_until, member.suspended_until) == (None, until)
    member_sanction_lift(user=member, by=moderator)
    member.refresh_from_db()
    assert can_post(member)
