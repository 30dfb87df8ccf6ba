"""E-mail about notifications: consent, at once, digests, one-click unsubscribe."""

import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import Digest, NotificationPreference
from accounts.services import (
    digests_send,
    notification_preferences_update,
    notification_send,
    user_data_export,
    user_erase,
)
from forum.models import Follow
from forum.services import post_create, thread_follow
from forum.services.visibility import post_hide
from tests.factories import CategoryFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "my private words about relapse"


@pytest.fixture(autouse=True)
def _publish_at_once(settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0


@pytest.fixture
def consenting(member):
    member.email_notifications = True
    member.email_consent_at = timezone.now()
    member.save()
    return member


def _reply(thread, body=SECRET):
    return post_create(thread=thread, by=UserFactory(), body=body)


def _links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def test_a_mention_is_mailed_at_once_as_a_link_with_list_unsubscribe(
    consenting, other_member, django_capture_on_commit_callbacks
):
    thread = ThreadFactory(author=other_member)
    with django_capture_on_commit_callbacks(execute=True):
        post_create(thread=thread, by=other_member, body=f"@member_one {SECRET}")
    [message] = mail.outbox
    assert SECRET not in message.body and SECRET not in message.subject
    assert thread.title not in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")


def test_no_mail_without_consent_even_when_the_box_was_ticked(
    member, other_member, django_capture_on_commit_callbacks
):
    member.email_notifications = True
    member.save()
    thread = ThreadFactory(author=other_member)
    with django_capture_on_commit_callbacks(execute=True):
        post_create(thread=thread, by=other_member, body="@member_one hello")
    assert mail.outbox == []


def test_a_notification_is_mailed_once_however_often_the_sender_runs(
    consenting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(
            user=consenting, kind="x.notice", text="Hello", event_key="notice:1"
        )
        notification_send(
            user=consenting, kind="x.notice", text="Hello", event_key="notice:1"
        )
    assert len(mail.outbox) == 1


def test_consent_is_recorded_with_its_time_and_withdrawn(client, member):
    client.force_login(member)
    data = {f"email_{group}": "daily" for group in ("reply", "mention", "quote")}
    data |= {"email_reaction": "off", "email_watching": "weekly"}
    data |= {"email_practice": "instant", "email_moderation": "instant"}
    response = client.post(
        "/accounts/settings/notifications/", data | {"email_consent": "on"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email_consent_at is not None and member.email_notifications
    assert NotificationPreference.objects.get(user=member, group="reaction").email == (
        "off"
    )
    client.post("/accounts/settings/notifications/", data)
    member.refresh_from_db()
    assert member.email_consent_at is None and not member.email_notifications


def test_moderation_notices_cannot_be_switched_off(client, member):
    client.force_login(member)
    response = client.post(
        "/accounts/settings/notifications/",
        {"email_consent": "on", "email_moderation": "off"},
    )
    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()
    with pytest.raises(ValidationError):
        notification_preferences_update(
            user=member,
            email={"moderation": "off"},
            watch_on_reply=True,
            email_consent=True,
        )


def _digest_setup(member, *, public_title="Finding work", private_title="Inner talk"):
    NotificationPreference.objects.create(user=member, group="reply", email="daily")
    public = ThreadFactory(author=member, title=public_title)
    private = ThreadFactory(
        author=member,
        title=private_title,
        category=CategoryFactory(visibility="members"),
    )
    _reply(public)
    _reply(public)
    _reply(private)
    return public, private


def test_the_daily_digest_has_counts_public_titles_and_links_but_no_post_text(
    consenting, django_capture_on_commit_callbacks
):
    _digest_setup(consenting)
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send(period="daily") == 1
    [message] = mail.outbox
    assert SECRET not in message.body
    assert "3 new notifications" in message.body
    assert "Finding work" in message.body
    assert "Inner talk" not in message.body
    assert "daily" in message.subject.lower()


def test_send_digests_is_idempotent_per_period(
    consenting, django_capture_on_commit_callbacks
):
    _digest_setup(consenting)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", period="daily", stdout=io.StringIO())
        call_command("send_digests", period="daily", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    assert Digest.objects.get().notification_count == 3
    # A new notification the same day waits for tomorrow's digest.
    _reply(ThreadFactory(author=consenting))
    with django_capture_on_commit_callbacks(execute=True):
        digests_send(period="daily")
        digests_send(period="daily", now=timezone.now() + timedelta(days=1))
    assert len(mail.outbox) == 2


def test_a_hidden_post_is_left_out_of_the_digest(
    consenting, moderator, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=consenting, group="reply", email="daily")
    thread = ThreadFactory(author=consenting)
    post = _reply(thread)
    post_hide(post=post, by=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send(period="daily") == 0
    assert mail.outbox == []


def test_the_unsubscribe_link_works_without_login_by_get_then_post(
    consenting, django_capture_on_commit_callbacks
):
    _digest_setup(consenting)
    with django_capture_on_commit_callbacks(execute=True):
        digests_send(period="daily")
    [message] = mail.outbox
    line = next(
        line for line in message.body.splitlines() if line.startswith("  Replies in")
    )
    [link] = _links(line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    anonymous = Client(enforce_csrf_checks=True)
    page = anonymous.get(f"/{path}")
    assert page.status_code == 200
    assert '<form method="post"' in page.text
    # Looking at the page (a link scanner) changes nothing.
    assert not NotificationPreference.objects.filter(email="off").exists()
    # RFC 8058: the mail client's POST carries no session and no CSRF token.
    done = anonymous.post(f"/{path}", {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert NotificationPreference.objects.get(user=consenting, group="reply").email == (
        "off"
    )


def test_a_forged_unsubscribe_link_is_refused(client, consenting):
    response = client.post("/accounts/unsubscribe/not-a-token/")
    assert response.status_code == 400
    assert "not valid" in response.text
    consenting.refresh_from_db()
    assert consenting.email_consent_at is not None


def test_mail_is_in_the_members_language(
    consenting, other_member, django_capture_on_commit_callbacks
):
    consenting.preferred_language = "it"
    consenting.save()
    thread = ThreadFactory(author=other_member)
    with django_capture_on_commit_callbacks(execute=True):
        post_create(thread=thread, by=other_member, body="@member_one ciao")
    [message] = mail.outbox
    with translation.override("it"):
        subject = gettext("You have a new notification on %(site)s") % {
            "site": settings.SITE_NAME
        }
    assert message.subject == subject


def test_follows_and_notification_settings_are_exported_and_erased(consenting):
    thread = ThreadFactory()
    thread_follow(thread=thread, by=consenting, level="muted")
    NotificationPreference.objects.create(user=consenting, group="reply", email="off")
    data = user_data_export(user=consenting, by=consenting)
    assert data["forum"]["follows"][0]["level"] == "muted"
    assert data["accounts"]["account"]["notification_email"] == {"reply": "off"}
    assert data["accounts"]["account"]["email_consent_at"]
    user_erase(user=consenting, by=consenting, keep_posts=True)
    consenting.refresh_from_db()
    assert consenting.email_consent_at is None
    assert not Follow.objects.filter(user=consenting).exists()
    assert not NotificationPreference.objects.filter(user=consenting).exists()
