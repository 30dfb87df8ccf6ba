import json
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.services import notification_send
from core import live
from forum import events
from forum.models import CategoryVisibility, PostStatus, Thread, ThreadEvent
from tests.factories import CategoryFactory, PostFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def make_thread(**category):
    return ThreadFactory(category=CategoryFactory(**category))


@database_sync_to_async
def make_user(**fields):
    return UserFactory(**fields)


@database_sync_to_async
def reply(thread, body="A reply."):
    with transaction.atomic():
        post = PostFactory(thread=thread, body=body)
        events.post_created(post)
    return post


@database_sync_to_async
def record_silently(thread, count):
    """Events stored whose wake-up never reaches the layer (a lost at-most-once message)."""
    for _ in range(count):
        with transaction.atomic():
            post = PostFactory(thread=thread)
            event = events._record(
                thread.pk, "post.created", {"post": events.post_payload(post)}
            )
            transaction.get_connection().run_on_commit.clear()
    return event


@database_sync_to_async
def hide(post):
    with transaction.atomic():
        post.status = PostStatus.HIDDEN
        post.save(update_fields=["status"])
        events.post_hidden(post)


async def test_anonymous_reader_of_a_public_thread_gets_the_presence_count(
    open_socket,
):
    thread = await make_thread()
    socket = await open_socket(f"/ws/t/{thread.pk}/")
    assert await socket.receive() == {"type": "ready", "seq": 0}
    assert await socket.receive() == {"type": "presence", "count": 1}


async def test_unknown_thread_is_closed_with_4404(open_socket):
    socket = await open_socket("/ws/t/999999/")
    assert await socket.closed_with() == 4404


async def test_members_only_thread_refuses_anonymous_with_4403(open_socket):
    thread = await make_thread(visibility=CategoryVisibility.MEMBERS)
    socket = await open_socket(f"/ws/t/{thread.pk}/")
    assert await socket.closed_with() == 4403


async def test_members_only_thread_accepts_a_signed_in_member(open_socket, member):
    thread = await make_thread(visibility=CategoryVisibility.MEMBERS)
    socket = await open_socket(f"/ws/t/{thread.pk}/", user=member)
    assert (await socket.receive_until("presence"))["count"] == 1


async def test_suspended_member_is_closed_with_4403(open_socket):
    user = await make_user(suspended_until=timezone.now() + timedelta(days=3))
    thread = await make_thread()
    socket = await open_socket(f"/ws/t/{thread.pk}/", user=user)
    assert await socket.closed_with() == 4403


async def test_socket_from_another_origin_is_refused(open_socket):
    thread = await make_thread()
    await open_socket(f"/ws/t/{thread.pk}/", origin="http://evil.example", expect=False)


async def test_frame_over_16_kib_closes_the_socket(open_socket, member):
    thread = await make_thread()
    socket = await open_socket(f"/ws/t/{thread.pk}/", user=member)
    await socket.send('{"type": "typing", "pad": "' + "x" * 16_400 + '"}')
    assert await socket.closed_with() == 4413


async def test_a_flooding_client_is_closed_with_4429(open_socket, member):
    thread = await make_thread()
    socket = await open_socket(f"/ws/t/{thread.pk}/", user=member)
    for _ in range(25):
        await socket.send({"type": "typing"})
    assert await socket.closed_with() == 4429


async def test_new_reply_is_forwarded_live(open_socket):
    thread = await make_thread()
    socket = await open_socket(f"/ws/t/{thread.pk}/", ready=True)
    post = await reply(thread, body="Hello **there**")
    event = await socket.receive_until("post.created")
    assert event["seq"] == 1
    assert event["post"]["id"] == post.pk
    assert event["post"]["html"] == post.body_html
    assert "<strong>there</strong>" in event["post"]["html"]


async def test_replay_sends_events_after_the_given_seq_in_order(open_socket):
    thread = await make_thread()
    posts = [await reply(thread, body=f"reply {n}") for n in range(3)]
    socket = await open_socket(f"/ws/t/{thread.pk}/?after=1")
    replayed = await socket.receive_events(2)
    assert [e["seq"] for e in replayed] == [2, 3]
    assert [e["post"]["id"] for e in replayed] == [p.pk for p in posts[1:]]


async def test_replay_of_a_post_hidden_since_sends_no_text(open_socket):
    thread = await make_thread()
    post = await reply(thread, body="personal details")
    await hide(post)
    socket = await open_socket(f"/ws/t/{thread.pk}/?after=0")
    replayed = await socket.receive_events(2)
    assert replayed == [
        {"type": "post.hidden", "seq": 1, "post": {"id": post.pk}},
        {"type": "post.hidden", "seq": 2, "post": {"id": post.pk}},
    ]


async def test_replay_beyond_the_backlog_sends_resync(open_socket):
    thread = await make_thread()
    await database_sync_to_async(_store_many_events)(thread, events.REPLAY_BACKLOG + 1)
    socket = await open_socket(f"/ws/t/{thread.pk}/?after=0")
    assert await socket.receive_until("resync") == {"type": "resync"}
    other = await open_socket(f"/ws/t/{thread.pk}/?after=1")
    assert len(await other.receive_events(events.REPLAY_BACKLOG)) == 500


def _store_many_events(thread, count):
    ThreadEvent.objects.bulk_create(
        ThreadEvent(thread=thread, seq=seq, kind="thread.locked", payload={})
        for seq in range(1, count + 1)
    )
    Thread.objects.filter(pk=thread.pk).update(last_event_seq=count)


async def test_replay_asking_for_pruned_events_sends_resync(open_socket):
    thread = await make_thread()
    for _ in range(3):
        await reply(thread)
    await database_sync_to_async(_age_and_prune)(thread, first_seqs=2)
    socket = await open_socket(f"/ws/t/{thread.pk}/?after=0")
    assert await socket.receive_until("resync") == {"type": "resync"}
    other = await open_socket(f"/ws/t/{thread.pk}/?after=2")
    assert [e["seq"] for e in await other.receive_events(1)] == [3]


def _age_and_prune(thread, first_seqs):
    ThreadEvent.objects.filter(thread=thread, seq__lte=first_seqs).update(
        created_at=timezone.now() - timedelta(days=60)
    )
    call_command("prune_thread_events", "--days", "30")
    assert list(thread.events.values_list("seq", flat=True)) == [3]


async def test_duplicate_wake_up_is_not_forwarded_twice(open_socket, channel_layer):
    thread = await make_thread()
    socket = await open_socket(f"/ws/t/{thread.pk}/", ready=True)
    await reply(thread)
    first = await socket.receive_until("post.created")
    await channel_layer.group_send(
        live.thread_group(thread.pk),
        {
            "type": "thread.event",
            "seq": first["seq"],
            "kind": first["type"],
            "text": json.dumps(first),
        },
    )
    assert await socket.no_frame_of("post.created")


async def test_lost_wake_up_is_filled_from_the_log_in_order(open_socket):
    thread = await make_thread()
    socket = await open_socket(f"/ws/t/{thread.pk}/", ready=True)
    await record_silently(thread, 2)
    await reply(thread)
    received = await socket.receive_events(3)
    assert [e["seq"] for e in received] == [1, 2, 3]
    assert await socket.no_frame_of("post.created")


async def test_events_replayed_on_connect_are_not_repeated_live(open_socket):
    thread = await make_thread()
    await reply(thread)
    socket = await open_socket(f"/ws/t/{thread.pk}/?after=0")
    await reply(thread)
    received = await socket.receive_events(2)
    assert [e["seq"] for e in received] == [1, 2]
    assert await socket.no_frame_of("post.created")


async def test_typing_is_shown_to_others_without_a_name_by_default(open_socket):
    thread = await make_thread()
    writer = await make_user()
    reader = await make_user()
    writer_socket = await open_socket(f"/ws/t/{thread.pk}/", user=writer, ready=True)
    reader_socket = await open_socket(f"/ws/t/{thread.pk}/", user=reader, ready=True)
    await writer_socket.send({"type": "typing"})
    assert await reader_socket.receive_until("typing") == {
        "type": "typing",
        "user": None,
    }


async def test_typing_shows_the_name_of_a_member_who_opted_in(open_socket):
    thread = await make_thread()
    writer = await make_user(username="open_writer", show_name_when_typing=True)
    reader_socket = await open_socket(f"/ws/t/{thread.pk}/", ready=True)
    writer_socket = await open_socket(f"/ws/t/{thread.pk}/", user=writer, ready=True)
    await writer_socket.send({"type": "typing"})
    frame = await reader_socket.receive_until("typing")
    assert frame == {"type": "typing", "user": "open_writer"}


async def test_typing_is_throttled(open_socket):
    thread = await make_thread()
    writer = await make_user()
    reader_socket = await open_socket(f"/ws/t/{thread.pk}/", ready=True)
    writer_socket = await open_socket(f"/ws/t/{thread.pk}/", user=writer, ready=True)
    await writer_socket.send({"type": "typing"})
    await reader_socket.receive_until("typing")
    await writer_socket.send({"type": "typing"})
    await writer_socket.send({"type": "typing"})
    assert await reader_socket.no_frame_of("typing")


async def test_member_who_switched_typing_off_is_never_announced(open_socket):
    thread = await make_thread()
    writer = await make_user(share_typing=False)
    reader_socket = await open_socket(f"/ws/t/{thread.pk}/", ready=True)
    writer_socket = await open_socket(f"/ws/t/{thread.pk}/", user=writer, ready=True)
    await writer_socket.send({"type": "typing"})
    assert await reader_socket.no_frame_of("typing")


async def test_presence_count_reaches_sockets_already_open(open_socket):
    thread = await make_thread()
    first = await open_socket(f"/ws/t/{thread.pk}/")
    assert await first.receive_until("presence") == {"type": "presence", "count": 1}
    second = await open_socket(f"/ws/t/{thread.pk}/")
    assert await second.receive_until("presence") == {"type": "presence", "count": 2}
    assert await first.receive() == {"type": "presence", "count": 2}
    await second.close()
    assert await first.receive() == {"type": "presence", "count": 1}


async def test_user_disconnect_closes_thread_and_me_sockets_with_4403(
    open_socket, member
):
    thread = await make_thread()
    thread_socket = await open_socket(f"/ws/t/{thread.pk}/", user=member, ready=True)
    me_socket = await open_socket("/ws/me/", user=member)
    bystander = await open_socket(f"/ws/t/{thread.pk}/", ready=True)
    await database_sync_to_async(live.user_disconnect)(member.pk)
    assert await thread_socket.closed_with() == 4403
    assert await me_socket.closed_with() == 4403
    await reply(thread)
    assert (await bystander.receive_until("post.created"))["seq"] == 1


async def test_category_made_private_disconnects_anonymous_readers(open_socket, member):
    thread = await make_thread()
    anonymous = await open_socket(f"/ws/t/{thread.pk}/", ready=True)
    signed_in = await open_socket(f"/ws/t/{thread.pk}/", user=member, ready=True)
    await database_sync_to_async(_make_private)(thread.category)
    assert await anonymous.closed_with() == 4403
    await reply(thread)
    assert (await signed_in.receive_until("post.created"))["seq"] == 1


def _make_private(category):
    with transaction.atomic():
        category.visibility = CategoryVisibility.MEMBERS
        category.save(update_fields=["visibility"])
        events.category_access_changed(category.pk)


async def test_thread_moved_into_a_private_category_disconnects_anonymous(
    open_socket,
):
    thread = await make_thread()
    socket = await open_socket(f"/ws/t/{thread.pk}/", ready=True)
    await database_sync_to_async(_move_to_private)(thread)
    assert (await socket.receive_until("thread.moved"))["seq"] == 1
    assert await socket.closed_with() == 4403


def _move_to_private(thread):
    with transaction.atomic():
        thread.category = CategoryFactory(visibility=CategoryVisibility.MEMBERS)
        thread.save(update_fields=["category"])
        events.thread_moved(thread)


async def test_me_socket_refuses_anonymous(open_socket):
    socket = await open_socket("/ws/me/")
    assert await socket.closed_with() == 4403


async def test_me_socket_sends_the_unread_count_when_woken(open_socket, member):
    socket = await open_socket("/ws/me/", user=member)
    assert await socket.receive() == {"type": "notifications", "unread": 0}
    await database_sync_to_async(_notify)(member)
    assert await socket.receive() == {"type": "notifications", "unread": 1}


def _notify(user):
    notification_send(user=user, kind="reply", text="Someone replied.")


async def test_thread_id_beyond_64_bits_is_closed_with_4404(open_socket):
    socket = await open_socket("/ws/t/99999999999999999999999/")
    assert await socket.closed_with() == 4404


@pytest.mark.parametrize(
    "frame",
    [
        "not json",
        "[1, 2, 3]",
        '{"type": "<script>alert(1)</script>"}',
        '{"type": "post.created", "seq": 99, "post": {"html": "<img onerror=x>"}}',
        '{"type": "typing", "user": "\u202eadmin"}',
    ],
)
async def test_hostile_frames_are_ignored_and_the_socket_stays_useful(
    open_socket, member, frame
):
    thread = await make_thread()
    socket = await open_socket(f"/ws/t/{thread.pk}/", user=member, ready=True)
    await socket.send(frame)
    await reply(thread)
    assert (await socket.receive_until("post.created"))["seq"] == 1


@pytest.mark.parametrize("after", ["abc", "-5", "1e3", ""])
async def test_malformed_after_starts_at_the_head_without_replay(open_socket, after):
    thread = await make_thread()
    await reply(thread)
    socket = await open_socket(f"/ws/t/{thread.pk}/?after={after}", ready=True)
    await reply(thread)
    assert [e["seq"] for e in await socket.receive_events(1)] == [2]


async def test_after_beyond_the_head_sends_resync(open_socket):
    thread = await make_thread()
    socket = await open_socket(f"/ws/t/{thread.pk}/?after=40")
    assert await socket.receive_until("resync") == {"type": "resync"}


async def test_notification_wake_ups_reach_only_me_sockets_so_others_need_no_stub(
    open_socket,
):
    moderator = await make_user(is_moderator=True)
    thread = await make_thread()
    thread_socket = await open_socket(f"/ws/t/{thread.pk}/", user=moderator, ready=True)
    queue_socket = await open_socket("/ws/moderation/", user=moderator)
    assert await queue_socket.receive() == {"type": "ready"}
    me_socket = await open_socket("/ws/me/", user=moderator)
    assert await me_socket.receive() == {"type": "notifications", "unread": 0}
    # Thread and queue sockets have no handler for it: they must never receive it.
    await database_sync_to_async(live.users_notified_now)([moderator.pk])
    assert await me_socket.receive() == {"type": "notifications", "unread": 0}
    await reply(thread)
    assert (await thread_socket.receive_until("post.created"))["seq"] == 1
    # Both still live, and still closed by a forced disconnect.
    await database_sync_to_async(live.user_disconnect)(moderator.pk)
    assert await thread_socket.closed_with() == 4403
    assert await queue_socket.closed_with() == 4403
    assert await me_socket.closed_with() == 4403
