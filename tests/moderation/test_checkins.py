"""Private check-ins: who may open, read and write them; audit, screening, live,
notification and mail, reports, retention, export and erasure."""

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Notification
from accounts.services.privacy import privacy_modules
from accounts.services.retention import retention_apply
from config.asgi import application
from moderation.models import (
    Action,
    AuditEntry,
    Case,
    CheckIn,
    CheckInMessage,
    CheckInState,
    Statement,
    WatchedAction,
    WatchedWord,
)
from moderation.services.checkins import (
    checkin_close,
    checkin_message_report,
    checkin_message_send,
    checkin_open,
    checkin_report_review,
    checkin_request_close,
    checkins_purge_closed,
)
from tests.factories import MembershipFactory
from tests.moderation.conftest import session_cookie

pytestmark = pytest.mark.django_db


@pytest.fixture
def checkin(member, moderator):
    return checkin_open(member=member, by=moderator, reason="Their post worried me.")


def test_opening_needs_a_reason_and_is_audited_without_a_statement(member, moderator):
    with pytest.raises(ValidationError):
        checkin_open(member=member, by=moderator, reason="  ")
    checkin = checkin_open(member=member, by=moderator, reason="Their post worried me.")
    entry = AuditEntry.objects.get(action=Action.CHECKIN_OPEN)
    assert (entry.actor, entry.target_user, entry.reason) == (
        moderator,
        member,
        "Their post worried me.",
    )
    assert not Statement.objects.exists()
    assert Notification.objects.filter(user=member, kind="checkin").count() == 1
    assert checkin.state == CheckInState.OPEN


def test_members_cannot_open_check_ins_but_support_workers_can(member, other_member):
    with pytest.raises(PermissionDenied):
        checkin_open(member=other_member, by=member, reason="Hello")
    MembershipFactory(user=member, is_support_worker=True)
    checkin = checkin_open(member=other_member, by=member, reason="Following up.")
    assert checkin.opened_by == member


def test_a_support_worker_cannot_link_a_case(member, other_member, post):
    MembershipFactory(user=member, is_support_worker=True)
    case = Case.objects.create(post=post, snapshot_body_html="")
    with pytest.raises(PermissionDenied):
        checkin_open(member=other_member, by=member, reason="x", case=case)


def test_only_the_two_participants_write_and_a_closed_one_refuses(
    checkin, member, moderator, other_member
):
    checkin_message_send(checkin=checkin, by=moderator, body="How are you **today**?")
    checkin_message_send(checkin=checkin, by=member, body="Better, thanks.")
    with pytest.raises(PermissionDenied):
        checkin_message_send(checkin=checkin, by=other_member, body="Let me in")
    first = checkin.messages.first()
    assert "<strong>today</strong>" in first.body_html
    checkin_close(checkin=checkin, by=member)
    with pytest.raises(ValidationError):
        checkin_message_send(checkin=checkin, by=member, body="After closing")
    assert checkin.messages.count() == 2


def test_hostile_markdown_renders_inert(checkin, moderator):
    message = checkin_message_send(
        checkin=checkin,
        by=moderator,
        body="<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=y>",
    )
    assert "<script" not in message.body_html
    assert 'href="javascript' not in message.body_html
    assert "<img" not in message.body_html


def test_a_double_submit_stores_one_message(checkin, member):
    for _ in range(2):
        checkin_message_send(
            checkin=checkin, by=member, body="Once", idempotency_key="a" * 32
        )
    assert checkin.messages.count() == 1


def test_watched_words_block_mask_and_note(checkin, member):
    WatchedWord.objects.create(word="dealer", action=WatchedAction.BLOCK)
    WatchedWord.objects.create(word="idiot", action=WatchedAction.CENSOR)
    WatchedWord.objects.create(word="end it all", action=WatchedAction.AT_RISK)
    with pytest.raises(ValidationError):
        checkin_message_send(checkin=checkin, by=member, body="Ask the dealer")
    masked = checkin_message_send(checkin=checkin, by=member, body="what an idiot")
    assert "idiot" not in masked.body
    noted = checkin_message_send(checkin=checkin, by=member, body="I could end it all")
    assert noted.flagged_words == "end it all"


def test_a_message_notifies_the_other_with_a_mail_that_has_no_text(
    checkin, member, moderator, django_capture_on_commit_callbacks
):
    # E-mail only with consent, kept with its time.
    member.email_notifications = True
    member.email_consent_at = timezone.now()
    member.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        checkin_message_send(checkin=checkin, by=moderator, body="Secret words here")
    assert Notification.objects.filter(user=member, kind="checkin").count() == 2
    assert len(mail.outbox) == 1
    assert "Secret words" not in mail.outbox[0].body
    assert not Notification.objects.filter(user=moderator).exists()


def test_member_asks_to_close_and_the_opener_closes(checkin, member, moderator):
    with pytest.raises(PermissionDenied):
        checkin_request_close(checkin=checkin, by=moderator)
    checkin_request_close(checkin=checkin, by=member)
    checkin.refresh_from_db()
    assert checkin.state == CheckInState.CLOSE_REQUESTED
    assert Notification.objects.filter(user=moderator, kind="checkin").exists()
    checkin_close(checkin=checkin, by=moderator)
    checkin.refresh_from_db()
    assert checkin.state == CheckInState.CLOSED and checkin.closed_at


def test_a_report_goes_to_another_moderator_not_the_opener(
    checkin, member, moderator, second_moderator
):
    message = checkin_message_send(checkin=checkin, by=moderator, body="Hmm")
    own = checkin_message_send(checkin=checkin, by=member, body="Mine")
    with pytest.raises(PermissionDenied):
        checkin_message_report(message=own, by=member)
    checkin_message_report(message=message, by=member, note="Felt pressured.")
    assert Notification.objects.filter(
        user=second_moderator, kind="checkin_report"
    ).exists()
    assert not Notification.objects.filter(
        user=moderator, kind="checkin_report"
    ).exists()
    with pytest.raises(PermissionDenied):
        checkin_report_review(message=message, by=moderator)
    checkin_report_review(message=message, by=second_moderator)
    message.refresh_from_db()
    assert message.report_reviewed_by == second_moderator


def test_no_idor_on_the_pages(
    client, checkin, member, other_member, moderator, second_moderator
):
    checkin_message_send(checkin=checkin, by=moderator, body="Private hello")
    url = checkin.get_absolute_url()
    client.force_login(other_member)
    assert client.get(url).status_code == 404
    assert client.get(f"{url}messages/").status_code == 404
    assert client.post(f"{url}reply/", {"body": "x"}).status_code == 404
    assert "Private hello" not in client.get("/checkins/").content.decode()
    client.force_login(member)
    assert "Private hello" in client.get(url).content.decode()
    # Another moderator sees that it exists, but reads it only when a case links it.
    client.force_login(second_moderator)
    assert str(member.username) in client.get("/checkins/").content.decode()
    assert client.get(url).status_code == 404


def test_a_case_link_lets_other_moderators_read(
    client, member, moderator, second_moderator, post
):
    case = Case.objects.create(post=post, snapshot_body_html="")
    checkin = checkin_open(
        member=member, by=moderator, reason="From the case", case=case
    )
    checkin_message_send(checkin=checkin, by=moderator, body="Checking in")
    client.force_login(second_moderator)
    assert (
        checkin.get_absolute_url()
        in client.get(case.get_absolute_url()).content.decode()
    )
    assert "Checking in" in client.get(checkin.get_absolute_url()).content.decode()


def test_the_pages_open_reply_and_keep_text_on_error(client, member, moderator):
    client.force_login(moderator)
    response = client.post("/checkins/new/", {"member": member.username, "reason": ""})
    assert response.status_code == 400
    response = client.post(
        "/checkins/new/", {"member": member.username, "reason": "Worried"}
    )
    checkin = CheckIn.objects.get()
    assert response["Location"] == checkin.get_absolute_url()
    WatchedWord.objects.create(word="dealer", action=WatchedAction.BLOCK)
    response = client.post(
        f"/checkins/{checkin.pk}/reply/",
        {"body": "call the dealer now", "idempotency_key": "k1"},
    )
    assert response.status_code == 400
    assert "call the dealer now" in response.content.decode()
    response = client.post(
        f"/checkins/{checkin.pk}/reply/",
        {"body": "How are you?", "idempotency_key": "k2"},
    )
    assert response.status_code == 302
    client.force_login(member)
    page = client.get(checkin.get_absolute_url()).content.decode()
    assert "How are you?" in page
    assert "Worried" not in page  # the reason is for staff
    assert (
        client.post(f"/checkins/{checkin.pk}/close/", {"ask": "1"}).status_code == 302
    )
    checkin.refresh_from_db()
    assert checkin.state == CheckInState.CLOSE_REQUESTED


def test_a_member_cannot_open_the_new_page(client, member):
    client.force_login(member)
    assert client.get("/checkins/new/").status_code == 403


@pytest.mark.parametrize("count", [2, 12])
def test_the_page_query_count_does_not_grow(
    client, checkin, member, moderator, count, django_assert_max_num_queries
):
    for number in range(count):
        checkin_message_send(checkin=checkin, by=moderator, body=f"Message {number}")
    client.force_login(member)
    with django_assert_max_num_queries(12):
        client.get(checkin.get_absolute_url())


def test_closed_check_ins_are_purged_after_the_retention_period(
    checkin, member, moderator, settings
):
    settings.RETENTION_CLOSED_CHECKIN_DAYS = 30
    checkin_message_send(checkin=checkin, by=moderator, body="Old")
    still_open = checkin_open(member=member, by=moderator, reason="Again")
    checkin_close(checkin=checkin, by=member)
    CheckIn.objects.filter(pk=checkin.pk).update(
        closed_at=timezone.now() - timedelta(days=31)
    )
    # Through the daily retention pass, as cron runs it.
    assert retention_apply()["closed check-ins"] == 1
    assert list(CheckIn.objects.all()) == [still_open]
    assert not CheckInMessage.objects.exists()
    assert checkins_purge_closed() == 0


def test_export_lists_check_ins_without_the_openers_name_and_erasure_removes_them(
    checkin, member, moderator
):
    checkin_message_send(checkin=checkin, by=moderator, body="Hello from staff")
    checkin_message_send(checkin=checkin, by=member, body="My reply")
    part = dict(privacy_modules())["moderation"]
    exported = part.export_user_data(member)["checkins"]
    assert [m["from"] for m in exported[0]["messages"]] == ["staff", "you"]
    assert moderator.username not in str(exported)
    part.erase_user_data(member, keep_posts=True)
    assert not CheckIn.objects.exists()
    assert not CheckInMessage.objects.filter(body="My reply").exists()


def test_erasing_the_opener_keeps_the_conversation_without_their_name(
    checkin, member, moderator
):
    checkin_message_send(checkin=checkin, by=moderator, body="Hello")
    dict(privacy_modules())["moderation"].erase_user_data(moderator, keep_posts=True)
    checkin.refresh_from_db()
    assert checkin.opened_by is None
    assert CheckInMessage.objects.get().author is None


@pytest.mark.django_db(transaction=True)
async def test_a_message_is_announced_on_the_members_me_socket(member, moderator):
    from channels.layers import get_channel_layer

    headers = [
        (b"host", b"127.0.0.1"),
        (b"origin", b"http://127.0.0.1"),
        (b"cookie", (await session_cookie(member)).encode()),
    ]
    socket = WebsocketCommunicator(application, "/ws/me/", headers=headers)
    connected, _ = await socket.connect(timeout=5)
    assert connected
    assert (await socket.receive_json_from(timeout=3))["type"] == "notifications"
    checkin = await database_sync_to_async(checkin_open)(
        member=member, by=moderator, reason="Worried"
    )
    message = await database_sync_to_async(checkin_message_send)(
        checkin=checkin, by=moderator, body="Are you OK?"
    )
    frames = [await socket.receive_json_from(timeout=3) for _ in range(3)]
    assert {"type": "checkin", "checkin": checkin.pk, "message": message.pk} in frames
    # Only ids travel on the socket, never the text.
    assert "Are you OK?" not in str(frames)
    await socket.disconnect()
    await get_channel_layer().flush()


def test_an_org_editor_names_a_support_worker_who_can_then_open_one(
    client, member, other_member
):
    from accounts.models import MembershipRole

    editor = MembershipFactory(role=MembershipRole.EDITOR)
    staff = MembershipFactory(user=member, organisation=editor.organisation)
    url = f"/o/{editor.organisation.slug}/staff/{staff.pk}/support-worker/"
    client.force_login(other_member)
    client.post(url, {"is_support_worker": "1"})
    staff.refresh_from_db()
    assert not staff.is_support_worker
    client.force_login(editor.user)
    client.post(url, {"is_support_worker": "1"})
    staff.refresh_from_db()
    assert staff.is_support_worker
    client.force_login(member)
    response = client.post(
        "/checkins/new/", {"member": other_member.username, "reason": "Follow-up"}
    )
    assert response.status_code == 302
    assert CheckIn.objects.get().opened_by == member


def test_the_case_page_links_to_a_check_in_with_the_author(client, moderator, post):
    case = Case.objects.create(post=post, snapshot_body_html="")
    client.force_login(moderator)
    page = client.get(case.get_absolute_url()).content.decode()
    assert f"/checkins/new/?member={post.author.username}&amp;case={case.pk}" in page
