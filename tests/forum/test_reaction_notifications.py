"""Reactions gather on one unread row per post ("3 reactions to your post"): each
member's reaction of each kind counts once while the row is unread, and taking one
back takes it off the count; at none the row goes away."""

import pytest
from django.utils import timezone

from accounts.models import Notification
from accounts.selectors import unread_notification_count
from accounts.services import member_block
from forum.services import reaction_toggle
from tests.concurrency import run_concurrently
from tests.factories import CategoryFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db


def _counts(user) -> list[tuple[int, bool]]:
    return [
        (n.count, n.is_read)
        for n in Notification.objects.filter(user=user, kind="post.reaction").order_by(
            "pk"
        )
    ]


def test_a_reaction_given_again_counts_once(member, other_member):
    post = ThreadFactory(author=member).posts.get()
    for _ in range(3):
        reaction_toggle(post=post, by=other_member, kind="support")  # given
        reaction_toggle(post=post, by=other_member, kind="support")  # taken back
    reaction_toggle(post=post, by=other_member, kind="support")
    reaction_toggle(post=post, by=UserFactory(), kind="support")
    assert _counts(member) == [(2, False)]


def test_each_kind_from_one_member_counts_once(member, other_member):
    post = ThreadFactory(author=member).posts.get()
    reaction_toggle(post=post, by=other_member, kind="support")
    reaction_toggle(post=post, by=other_member, kind="thanks")
    assert _counts(member) == [(2, False)]


def test_taking_a_reaction_back_lowers_the_count_and_none_left_removes_the_row(
    member, other_member
):
    post = ThreadFactory(author=member).posts.get()
    third = UserFactory()
    reaction_toggle(post=post, by=other_member, kind="support")
    reaction_toggle(post=post, by=third, kind="thanks")
    reaction_toggle(post=post, by=other_member, kind="support")
    assert _counts(member) == [(1, False)]
    assert Notification.objects.get(user=member).message == (
        "Someone reacted to your post."
    )
    reaction_toggle(post=post, by=third, kind="thanks")
    assert _counts(member) == []
    assert unread_notification_count(viewer=member) == 0


def test_a_new_row_counts_from_its_start_and_an_older_reaction_taken_back_is_history(
    member, other_member
):
    post = ThreadFactory(author=member).posts.get()
    reaction_toggle(post=post, by=other_member, kind="support")
    Notification.objects.update(read_at=timezone.now())
    reaction_toggle(post=post, by=UserFactory(), kind="thanks")
    reaction_toggle(post=post, by=UserFactory(), kind="thanks")
    assert _counts(member) == [(1, True), (2, False)]
    reaction_toggle(post=post, by=other_member, kind="support")
    assert _counts(member) == [(1, True), (2, False)]


def test_a_blocked_members_reaction_is_never_counted(member, other_member):
    post = ThreadFactory(author=member).posts.get()
    member_block(user=other_member, by=member)
    reaction_toggle(post=post, by=other_member, kind="support")
    reaction_toggle(post=post, by=UserFactory(), kind="support")
    reaction_toggle(post=post, by=UserFactory(), kind="support")
    assert _counts(member) == [(2, False)]


def test_a_row_from_before_batches_kept_their_start_still_counts(member, other_member):
    post = ThreadFactory(author=member).posts.get()
    reaction_toggle(post=post, by=other_member, kind="support")
    Notification.objects.update(batch_started_at=None, count=4)
    reaction_toggle(post=post, by=UserFactory(), kind="support")
    assert _counts(member) == [(5, False)]
    reaction_toggle(post=post, by=other_member, kind="support")
    assert _counts(member) == [(4, False)]


@pytest.mark.django_db(transaction=True)
def test_reactions_given_and_taken_back_at_once_leave_the_count_of_those_standing():
    """Real threads, real connections: the post's row lock orders the recounts."""
    author = UserFactory()
    post = ThreadFactory(author=author, category=CategoryFactory()).posts.get()
    leaving, staying = UserFactory(), UserFactory()
    reaction_toggle(post=post, by=leaving, kind="support")
    reaction_toggle(post=post, by=staying, kind="support")
    arriving = [UserFactory() for _ in range(3)]

    def toggle(user):
        return lambda: reaction_toggle(post=post, by=user, kind="support")

    run_concurrently([toggle(leaving)] + [toggle(user) for user in arriving])
    assert _counts(author) == [(4, False)]
    post.refresh_from_db()
    assert post.reaction_counts == {"support": 4}
