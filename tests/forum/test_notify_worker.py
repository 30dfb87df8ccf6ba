"""With Redis, a post's notifications are made by the notification relay: the reply
only puts the post in the outbox, in its own transaction
(settings.POST_NOTIFICATIONS_IN_WORKER, `manage.py notification_relay`)."""

import signal

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import Notification
from core import live
from forum.models import Follow, NotificationOutbox, Post
from forum.services import notify, post_create
from forum.services.notify import post_notifications_relay, post_published_notify
from forum.services.visibility import post_hide
from tests.factories import ThreadFactory, UserFactory
from tests.task_worker import start_relay, wait_for


@pytest.fixture
def in_worker(settings):
    settings.POST_NOTIFICATIONS_IN_WORKER = True


def _told(post) -> set[int]:
    return set(
        Notification.objects.filter(about_post_id=post.pk).values_list(
            "user_id", flat=True
        )
    )


@pytest.mark.django_db
def test_the_reply_only_puts_the_post_in_the_outbox(in_worker, member, other_member):
    thread = ThreadFactory(author=member)
    watcher = UserFactory()
    Follow.objects.create(user=watcher, thread=thread, level="watching")
    with CaptureQueriesContext(connection) as queries:
        post = post_create(
            thread=thread, by=other_member, body=f"Hello @{watcher.username}."
        )
    sql = [query["sql"] for query in queries.captured_queries]
    # Nobody's follows or notifications are read or written by the reply.
    assert not [q for q in sql if "accounts_notification" in q]
    assert not [q for q in sql if q.startswith("SELECT") and "forum_follow" in q]
    [queued] = NotificationOutbox.objects.all()
    assert queued.post == post
    assert queued.mentioned_ids == [watcher.pk]
    assert post_notifications_relay() == 1
    assert _told(post) == {member.pk, watcher.pk}
    assert Notification.objects.get(user=watcher).kind == "mention"
    assert not NotificationOutbox.objects.exists()
    # Relayed again (two relays, or a retry after a crash): nothing new.
    NotificationOutbox.objects.create(post=post, mentioned_ids=[watcher.pk])
    post_notifications_relay()
    assert Notification.objects.filter(about_post_id=post.pk).count() == 2


@pytest.mark.django_db
def test_a_reply_that_rolls_back_leaves_nothing_in_the_outbox(
    in_worker, member, other_member
):
    thread = ThreadFactory(author=member)
    with pytest.raises(RuntimeError), transaction.atomic():
        post_create(thread=thread, by=other_member, body="Never stored.")
        raise RuntimeError("the request failed after the reply")
    assert not NotificationOutbox.objects.exists()


@pytest.mark.django_db
def test_a_post_hidden_before_its_turn_tells_no_one(
    in_worker, member, other_member, moderator
):
    thread = ThreadFactory(author=member)
    post = post_create(thread=thread, by=other_member, body="Soon hidden.")
    post_hide(post=post, by=moderator)
    assert post_notifications_relay() == 1
    assert not _told(post)
    assert not NotificationOutbox.objects.exists()


@pytest.mark.django_db
def test_the_relay_takes_the_oldest_posts_first_in_batches(
    in_worker, member, other_member
):
    thread = ThreadFactory(author=member)
    posts = [
        post_create(thread=thread, by=other_member, body=f"Reply {n}.")
        for n in range(3)
    ]
    assert post_notifications_relay(limit=2) == 2
    assert [bool(_told(post)) for post in posts] == [True, True, False]
    call_command("notification_relay", "--once")
    assert all(_told(post) for post in posts)


@pytest.mark.django_db
def test_in_the_request_without_the_setting(member, other_member):
    thread = ThreadFactory(author=member)
    post = post_create(thread=thread, by=other_member, body="Hello.")
    assert Notification.objects.filter(user=member, about_post_id=post.pk).exists()
    assert not NotificationOutbox.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_running_relay_makes_the_notifications_and_stops_on_sigterm(
    tmp_path, in_worker, member, other_member
):
    relay = start_relay(tmp_path)
    try:
        thread = ThreadFactory(author=member)
        post = post_create(thread=thread, by=other_member, body="For the relay.")
        wait_for(lambda: _told(post), worker=relay, what="the reply's notification")
        assert Notification.objects.get(user=member).kind == "post.reply"
        relay.process.send_signal(signal.SIGTERM)
        assert relay.process.wait(timeout=10) == 0
    finally:
        relay.stop()


@pytest.mark.django_db
def test_a_batch_wakes_each_member_once_after_it_commits(
    in_worker, member, other_member, settings, django_capture_on_commit_callbacks
):
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    }
    layer = get_channel_layer()
    thread = ThreadFactory(author=member)
    watcher = UserFactory()
    Follow.objects.create(user=watcher, thread=thread, level="watching")
    listening = {}
    for user in (member, watcher):
        channel = async_to_sync(layer.new_channel)()
        async_to_sync(layer.group_add)(live.user_notifications_group(user.pk), channel)
        listening[user.pk] = channel
    for n in range(3):
        post_create(thread=thread, by=other_member, body=f"Reply {n}.")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert post_notifications_relay() == 3

    def woken() -> list[int]:
        return [
            queue.qsize() if (queue := layer.channels.get(channel)) else 0
            for channel in listening.values()
        ]

    assert woken() == [0, 0]
    for callback in callbacks:
        callback()
    # Three posts each: one wake-up each, after the commit.
    assert woken() == [1, 1]
    assert Notification.objects.filter(user=watcher).count() == 3


@pytest.mark.django_db
def test_a_post_queued_twice_waits_once(in_worker, member, other_member):
    thread = ThreadFactory(author=member)
    post = post_create(thread=thread, by=other_member, body="Once.")
    post_published_notify(post, mentioned=[])
    assert NotificationOutbox.objects.filter(post=post).count() == 1


@pytest.mark.django_db
def test_a_post_whose_author_left_tells_no_one_and_holds_up_nothing(
    in_worker, member, other_member
):
    thread = ThreadFactory(author=member)
    orphan = post_create(thread=thread, by=other_member, body="Kept, unnamed.")
    Post.objects.filter(pk=orphan.pk).update(author=None)  # erased, posts kept
    after = post_create(thread=thread, by=other_member, body="Told.")
    assert post_notifications_relay() == 2
    assert not _told(orphan)
    assert _told(after) == {member.pk}


@pytest.mark.django_db
def test_a_post_that_fails_is_given_up_alone(
    in_worker, member, other_member, monkeypatch, caplog
):
    thread = ThreadFactory(author=member)
    failing = post_create(thread=thread, by=other_member, body="Breaks an audience.")
    fine = post_create(thread=thread, by=other_member, body="Fine.")

    def audience(post):
        if post.pk == failing.pk:
            raise ValueError("an app's audience failed")
        return {}

    monkeypatch.setattr(notify, "_audiences", [*notify._audiences, audience])
    assert post_notifications_relay() == 2
    assert not _told(failing)
    assert _told(fine) == {member.pk}
    assert not NotificationOutbox.objects.exists()
    assert f"notifications of post {failing.pk} given up" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_without_the_setting_the_relay_empties_what_was_left_and_stops_at_once(
    tmp_path, in_worker, member, other_member
):
    thread = ThreadFactory(author=member)
    post = post_create(thread=thread, by=other_member, body="Left from before.")
    relay = start_relay(tmp_path, env={"POST_NOTIFICATIONS_IN_WORKER": "0"})
    try:
        wait_for(lambda: _told(post), worker=relay, what="the leftover notification")
        # Idle now, looking seldom: a stop must not wait for the next look.
        relay.process.send_signal(signal.SIGTERM)
        assert relay.process.wait(timeout=5) == 0
    finally:
        relay.stop()
