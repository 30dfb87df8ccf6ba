import pytest

from forum import screening
from forum.models import PostStatus
from forum.services import post_create
from moderation.models import ApprovalItem
from moderation.screening import ModerationScreener
from tests.factories import CategoryFactory, ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_screener():
    """forum as it is with no screening app installed; the registration comes back after."""
    previous = screening.screener_register(screening.DEFAULT_SCREENER)
    yield
    screening.screener_register(previous)


def test_without_a_screener_a_post_in_a_pre_moderated_category_is_published(
    default_screener, member
):
    thread = ThreadFactory(category=CategoryFactory(is_pre_moderated=True))
    post = post_create(thread=thread, by=member, body="Hello there.")
    assert post.status == PostStatus.PUBLISHED
    assert not ApprovalItem.objects.exists()


def test_moderation_registers_its_screener_when_the_site_starts():
    assert isinstance(screening._screener, ModerationScreener)


def test_a_reply_in_a_pre_moderated_category_waits_through_the_registered_screener(
    member,
):
    thread = ThreadFactory(category=CategoryFactory(is_pre_moderated=True))
    post = post_create(thread=thread, by=member, body="Hello there.")
    assert post.status == PostStatus.PENDING
    assert ApprovalItem.objects.filter(post=post).exists()
