import pytest

from accounts.models import Notification
from forum.models import PostStatus
from forum.services import post_create
from moderation.services import approval_approve, approval_reject
from tests.factories import ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db


def _mentions(user) -> int:
    return Notification.objects.filter(user=user, kind="mention").count()


@pytest.fixture
def friend(db):
    return UserFactory(username="friend")


@pytest.fixture
def held(member, friend, settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 2
    post = post_create(
        thread=ThreadFactory(), by=member, body="Thank you @friend for the advice."
    )
    assert post.status == PostStatus.PENDING
    return post


def test_a_held_post_notifies_its_mentions_only_once_approved(held, friend, moderator):
    assert _mentions(friend) == 0
    approval_approve(item=held.approval, by=moderator, reason="Welcome.")
    assert _mentions(friend) == 1
    assert Notification.objects.get(user=friend, kind="mention").url == (
        held.get_absolute_url()
    )


def test_a_rejected_post_notifies_no_mention(held, friend, moderator):
    approval_reject(
        item=held.approval, by=moderator, reason="Sourcing.", guideline="no_dealing"
    )
    assert _mentions(friend) == 0


def test_a_moderators_edit_before_approval_keeps_mentions_linked(
    held, friend, moderator
):
    approval_approve(
        item=held.approval,
        by=moderator,
        reason="Removed a phone number.",
        body="Thank you @friend for the advice. [number removed]",
    )
    held.refresh_from_db()
    assert 'href="/u/friend/"' in held.body_html
    assert held.revisions.count() == 1
