"""A support worker is a member to a block: across a block they can neither open a
check-in nor write in one, so neither notifies the other. A moderator is never held
back by a block."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Notification
from accounts.services import member_block
from moderation.models import CheckIn
from moderation.services.checkins import checkin_message_send, checkin_open
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def support_worker(other_member):
    MembershipFactory(user=other_member, is_support_worker=True)
    return other_member


@pytest.mark.parametrize("blocker", ["member", "support_worker"])
def test_a_support_worker_cannot_open_a_check_in_across_a_block(
    member, support_worker, blocker
):
    if blocker == "member":
        member_block(user=support_worker, by=member)
    else:
        member_block(user=member, by=support_worker)
    with pytest.raises(ValidationError) as refused:
        checkin_open(member=member, by=support_worker, reason="Following up.")
    assert refused.value.code == "blocked"
    assert not CheckIn.objects.exists()
    assert not Notification.objects.filter(user=member).exists()


def test_a_block_after_opening_stops_the_messages_both_ways(member, support_worker):
    checkin = checkin_open(member=member, by=support_worker, reason="Following up.")
    member_block(user=support_worker, by=member)
    before = Notification.objects.count()
    for by in (support_worker, member):
        with pytest.raises(ValidationError):
            checkin_message_send(checkin=checkin, by=by, body="Hello")
    assert Notification.objects.count() == before
    assert not checkin.messages.exists()


def test_the_check_in_page_keeps_the_text_and_says_why(client, member, support_worker):
    member_block(user=support_worker, by=member)
    client.force_login(support_worker)
    response = client.post(
        "/checkins/new/", {"member": member.username, "reason": "Worried about you"}
    )
    assert response.status_code in (200, 400)
    assert "One of you has blocked the other" in response.text
    assert "Worried about you" in response.text


def test_a_moderator_is_never_held_back_by_a_block(member, moderator):
    checkin = checkin_open(member=member, by=moderator, reason="Their post worried me.")
    checkin_message_send(checkin=checkin, by=moderator, body="How are you?")
    checkin_message_send(checkin=checkin, by=member, body="Better, thanks.")
    assert checkin.messages.count() == 2
