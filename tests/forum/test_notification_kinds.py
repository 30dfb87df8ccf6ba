"""Each kind of forum notification, and each rule about who gets one."""

import pytest
from django.utils import translation
from django_tasks_db.models import DBTaskResult
from taggit.models import Tag

from accounts.models import Notification
from forum.models import Follow, PostStatus
from forum.selectors import threads_latest
from forum.services import (
    category_follow,
    post_create,
    reaction_toggle,
    tag_follow,
    thread_create,
    thread_follow,
)
from forum.services.notify import (
    INLINE_RECIPIENTS,
    post_notify_task,
    post_published_notify,
)
from forum.services.visibility import post_approve, post_hide
from tests.factories import ThreadFactory, UserFactory
from tests.task_worker import DATABASE_TASKS

pytestmark = pytest.mark.django_db


def kinds_of(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user)
        .order_by("pk")
        .values_list("kind", flat=True)
    )


def test_a_reply_notifies_the_member_who_started_the_thread(member, other_member):
    thread = ThreadFactory(author=member)
    post = post_create(thread=thread, by=other_member, body="Welcome.")
    notification = Notification.objects.get(user=member)
    assert notification.kind == "post.reply"
    assert notification.about_post_id == post.pk
    assert notification.event_key == f"post:{post.pk}"
    assert notification.message == "member_two replied in a thread you follow."
    assert "Welcome" not in notification.message


def test_no_notification_for_ones_own_reply(member):
    thread = ThreadFactory(author=member)
    post_create(thread=thread, by=member, body="An update of mine.")
    assert kinds_of(member) == []


def test_replying_makes_the_member_watch_the_thread(member, other_member):
    thread = ThreadFactory(author=member)
    post_create(thread=thread, by=other_member, body="First answer.")
    post_create(thread=thread, by=member, body="Thanks.")
    assert Follow.objects.get(user=other_member, thread=thread).level == "watching"
    assert kinds_of(other_member) == ["post.reply"]


def test_the_setting_off_means_replying_does_not_watch(member, other_member):
    other_member.watch_on_reply = False
    other_member.save()
    thread = ThreadFactory(author=member)
    post_create(thread=thread, by=other_member, body="First answer.")
    post_create(thread=thread, by=member, body="Thanks.")
    assert kinds_of(other_member) == []


def test_normal_level_stops_reply_notifications_for_the_starter(member, other_member):
    thread = ThreadFactory(author=member)
    # "normal" is a choice for a thread: its starter no longer hears of replies.
    thread_follow(thread=thread, by=member, level="normal")
    post_create(thread=thread, by=other_member, body="Hello.")
    assert kinds_of(member) == []


def test_a_muted_thread_gives_no_notification_not_even_a_mention(member, other_member):
    thread = ThreadFactory(author=member)
    thread_follow(thread=thread, by=member, level="muted")
    post_create(thread=thread, by=other_member, body="@member_one look at this")
    assert kinds_of(member) == []


def test_a_muted_thread_leaves_the_members_latest_list(member, other_member):
    muted = ThreadFactory(author=other_member)
    kept = ThreadFactory(author=other_member)
    thread_follow(thread=muted, by=member, level="muted")
    assert [t.pk for t in threads_latest(viewer=member)] == [kept.pk]
    assert {t.pk for t in threads_latest(viewer=other_member)} == {muted.pk, kept.pk}


def test_a_mention_in_a_reply_is_one_notification_of_the_closest_kind(
    member, other_member
):
    thread = ThreadFactory(author=member)
    post_create(thread=thread, by=other_member, body="@member_one what do you think?")
    assert kinds_of(member) == ["mention"]


def test_a_quote_notifies_the_quoted_author(member, other_member):
    thread = ThreadFactory(author=other_member)
    quoted = post_create(thread=thread, by=member, body="Something I said.")
    third = UserFactory(username="third")
    post_create(
        thread=thread,
        by=third,
        body=f"> [member_one wrote (#2):](/p/{quoted.pk}/)\n> Something I said.\n\nYes.",
    )
    notification = Notification.objects.get(user=member, kind="post.quote")
    assert notification.message == "third quoted your post."


def test_one_notification_per_event_even_when_sent_again(member, other_member):
    thread = ThreadFactory(author=member)
    post = post_create(thread=thread, by=other_member, body="Hello.")
    post_published_notify(post, mentioned=[])
    post_published_notify(post, mentioned=[member])
    assert Notification.objects.filter(user=member).count() == 1


def test_reactions_gather_on_one_unread_row_that_names_no_one(member, other_member):
    thread = ThreadFactory(author=member)
    post = thread.posts.get()
    reaction_toggle(post=post, by=other_member, kind="support")
    reaction_toggle(post=post, by=UserFactory(username="someone"), kind="support")
    reaction_toggle(post=post, by=UserFactory(username="another"), kind="thanks")
    notification = Notification.objects.get(user=member)
    assert (notification.kind, notification.count) == ("post.reaction", 3)
    assert notification.message == "3 reactions to your post."
    assert notification.actor is None
    with translation.override("it"):
        assert "member_two" not in notification.message


def test_a_reaction_after_reading_starts_a_new_row(member, other_member):
    thread = ThreadFactory(author=member)
    post = thread.posts.get()
    reaction_toggle(post=post, by=other_member, kind="support")
    Notification.objects.update(read_at=post.created_at)
    reaction_toggle(post=post, by=UserFactory(), kind="thanks")
    rows = Notification.objects.order_by("pk")
    assert [(n.count, n.is_read) for n in rows] == [(1, True), (1, False)]


def test_a_watched_category_tells_of_each_new_thread(member, other_member, category):
    category_follow(category=category, by=member, level="watching")
    thread_create(category=category, by=other_member, title="New here", body="Hi.")
    assert kinds_of(member) == ["watch.thread"]


def test_a_watched_tag_tells_of_each_new_thread(member, other_member, category):
    thread_create(category=category, by=member, title="First", body="x", tags="work")
    tag_follow(tag=Tag.objects.get(name="work"), by=member, level="watching")
    thread_create(
        category=category, by=other_member, title="Jobs", body="y", tags="work"
    )
    assert kinds_of(member) == ["watch.thread"]


def test_no_notification_about_a_members_only_thread_for_an_inactive_member(
    member, other_member, members_category
):
    thread = ThreadFactory(author=member, category=members_category)
    member.is_active = False
    member.save()
    post_create(thread=thread, by=other_member, body="Hello.")
    assert kinds_of(member) == []


def test_a_held_reply_notifies_no_one_until_it_is_approved(
    member, other_member, moderator, settings
):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 5
    thread = ThreadFactory(author=member)
    post = post_create(thread=thread, by=other_member, body="Held.")
    assert post.status == PostStatus.PENDING
    assert kinds_of(member) == []
    post_approve(post=post, by=moderator)
    assert kinds_of(member) == ["post.reply"]


def test_a_hidden_post_drops_out_of_the_list_when_read(
    client, member, other_member, moderator
):
    thread = ThreadFactory(author=member)
    post = post_create(thread=thread, by=other_member, body="Soon hidden.")
    post_hide(post=post, by=moderator)
    client.force_login(member)
    response = client.get("/accounts/notifications/")
    assert "replied in a thread you follow" not in response.text


def test_a_reply_in_a_busy_thread_is_fanned_out_by_a_queued_task(member, other_member):
    thread = ThreadFactory(author=member)
    watchers = [UserFactory() for _ in range(INLINE_RECIPIENTS + 5)]
    Follow.objects.bulk_create(
        Follow(user=user, thread=thread, level="watching") for user in watchers
    )
    with DATABASE_TASKS:
        post = post_create(thread=thread, by=other_member, body="News for all.")
    # Nothing in the reply's own request: the task, queued with it, does it.
    assert not Notification.objects.exists()
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "forum.services.notify.post_notify_task"
    post_notify_task.call(post_id=post.pk, mentioned_ids=[])
    assert (
        Notification.objects.filter(about_post_id=post.pk).count() == len(watchers) + 1
    )
    # Run again (a retried task): still one per member.
    post_notify_task.call(post_id=post.pk, mentioned_ids=[])
    assert (
        Notification.objects.filter(about_post_id=post.pk).count() == len(watchers) + 1
    )
