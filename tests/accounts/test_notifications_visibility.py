"""The unread count and the list follow one rule: a notification about content its
member may no longer see is in neither, and comes back to both when it is visible again."""

import pytest

from accounts.models import Notification
from accounts.notification_texts import notifications_content
from accounts.selectors import (
    notifications_for,
    notifications_visible,
    unread_counts_forget,
    unread_notification_count,
)
from accounts.services import notification_send, notifications_mark_all_read
from forum.models import Post, PostStatus, Thread
from forum.services import post_create
from forum.services.visibility import post_hide, post_restore
from tests.factories import CategoryFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _publish_at_once(settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0


def _listed(client) -> str:
    return client.get("/accounts/notifications/").text


def test_a_hidden_reply_leaves_the_count_and_the_list_and_comes_back_restored(
    client, member, other_member, moderator
):
    thread = ThreadFactory(author=member, title="Finding work")
    reply = post_create(thread=thread, by=other_member, body="I found a way.")
    notification_send(user=member, kind="moderation.statement", text="A decision")
    client.force_login(member)
    assert unread_notification_count(viewer=member) == 2
    assert "Finding work" in _listed(client)

    post_hide(post=reply, by=moderator)
    assert unread_notification_count(viewer=member) == 1
    page = client.get("/accounts/notifications/")
    assert "Finding work" not in page.text
    assert "A decision" in page.text
    # The header on the same page says the same.
    assert "data-unread-count>1<" in page.text

    post_restore(post=reply, by=moderator)
    assert unread_notification_count(viewer=member) == 2
    assert "Finding work" in _listed(client)


def test_a_page_of_the_list_is_filled_with_visible_notifications(
    client, member, other_member, moderator
):
    thread = ThreadFactory(author=member)
    hidden = post_create(thread=thread, by=other_member, body="Soon hidden.")
    post_hide(post=hidden, by=moderator)
    for n in range(30):
        notification_send(user=member, kind="moderation.statement", text=f"note {n}")
    # Newest first: the hidden one would be the last of the first page of 30.
    Notification.objects.filter(about_post_id=hidden.pk).update(
        created_at=Notification.objects.order_by("created_at").first().created_at
    )
    client.force_login(member)
    assert "?page=2" not in _listed(client)
    assert notifications_for(viewer=member).count() == 30


@pytest.mark.parametrize(
    "status",
    [PostStatus.HIDDEN, PostStatus.DELETED, PostStatus.REJECTED, PostStatus.PENDING],
)
def test_no_count_for_a_post_no_longer_published(member, other_member, status):
    thread = ThreadFactory(author=member)
    reply = post_create(thread=thread, by=other_member, body="Hello.")
    Post.objects.filter(pk=reply.pk).update(status=status)
    assert unread_notification_count(viewer=member) == 0
    assert list(notifications_for(viewer=member)) == []


def test_no_count_for_a_thread_in_a_category_closed_to_the_viewer(member):
    category = CategoryFactory()
    thread = ThreadFactory(category=category)
    notification_send(
        user=member,
        kind="practice.reply",
        actor=UserFactory(),
        about_thread_id=thread.pk,
    )
    assert unread_notification_count(viewer=member) == 1
    category.visibility = "members"
    category.save()
    # No longer a member (deactivated): members-only content is closed to them. No
    # service announces such a change to the count: it shows once the kept count
    # expires (UNREAD_COUNT_SECONDS), here at once.
    member.is_active = False
    unread_counts_forget([member.pk])
    assert unread_notification_count(viewer=member) == 0


def test_no_count_for_a_thread_with_nothing_published_left(member, other_member):
    thread = ThreadFactory(author=other_member)
    notification_send(
        user=member,
        kind="practice.reply",
        actor=UserFactory(),
        about_thread_id=thread.pk,
    )
    Thread.objects.filter(pk=thread.pk).update(post_count=0)
    assert unread_notification_count(viewer=member) == 0


def test_the_count_leaves_out_the_hidden_in_one_query(
    member, other_member, moderator, django_assert_num_queries
):
    replies = [
        post_create(thread=ThreadFactory(author=member), by=other_member, body="Hi.")
        for _ in range(5)
    ]
    post_hide(post=replies[0], by=moderator)
    notification_send(user=member, kind="moderation.statement", text="A decision")
    with django_assert_num_queries(1):
        assert unread_notification_count(viewer=member) == 5


@pytest.mark.parametrize("viewer_kind", ["member", "moderator", "thread starter"])
def test_the_query_filter_and_the_content_check_agree(viewer_kind):
    """The same rule twice, in SQL (count, list) and on loaded rows (digests, e-mail):
    every case of the matrix must give one answer."""
    viewer = UserFactory(is_moderator=viewer_kind == "moderator")
    author = UserFactory()
    public, members = CategoryFactory(), CategoryFactory(visibility="members")
    rows = []
    for category in (public, members):
        for status in PostStatus.values:
            for post_count in (0, 1):
                thread = ThreadFactory(
                    category=category,
                    author=viewer if viewer_kind == "thread starter" else author,
                )
                Thread.objects.filter(pk=thread.pk).update(post_count=post_count)
                post = thread.posts.get()
                Post.objects.filter(pk=post.pk).update(status=status)
                rows.append(_about(viewer, thread.pk, post.pk))
                rows.append(_about(viewer, thread.pk, None))
    # A post or a thread since removed.
    rows.append(_about(viewer, thread.pk, post.pk + 1000))
    rows.append(_about(viewer, thread.pk + 1000, None))
    for is_active in (True, False):
        viewer.is_active = is_active
        by_query = set(
            notifications_visible(viewer=viewer).values_list("pk", flat=True)
        )
        hidden, _titles = notifications_content(viewer, rows)
        by_check = {row.pk for row in rows} - hidden
        assert by_query == by_check
        assert by_query  # the matrix has visible rows too


def _about(user, thread_id, post_id) -> Notification:
    return Notification.objects.create(
        user=user,
        kind="practice.reply",
        text="x",
        about_thread_id=thread_id,
        about_post_id=post_id,
    )


def test_the_bell_counts_to_a_hundred_and_shows_99_plus(client, member):
    Notification.objects.bulk_create(
        Notification(user=member, kind="moderation.statement", text=f"Notice {n}")
        for n in range(105)
    )
    assert unread_notification_count(viewer=member) == 100
    client.force_login(member)
    assert "data-unread-count>99+</span>" in client.get("/").text
    Notification.objects.filter(pk__in=Notification.objects.values("pk")[:10]).delete()
    unread_counts_forget([member.pk])
    assert "data-unread-count>95</span>" in client.get("/").text


def test_the_count_is_kept_until_a_notification_changes_it(
    member, django_assert_num_queries
):
    notification_send(user=member, kind="moderation.statement", text="One")
    assert unread_notification_count(viewer=member) == 1
    with django_assert_num_queries(0):
        assert unread_notification_count(viewer=member) == 1
    notification_send(user=member, kind="moderation.statement", text="Two")
    assert unread_notification_count(viewer=member) == 2
    notifications_mark_all_read(user=member)
    assert unread_notification_count(viewer=member) == 0
