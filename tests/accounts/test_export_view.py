"""The export as a readable web page: the same data as the JSON, never another member."""

import pytest
from django.urls import reverse

from accounts.services import member_block, notification_send
from accounts.services.consent import consent_record
from moderation.services import flag_create
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db


def test_the_web_page_shows_consent_blocks_logins_and_notifications(
    client, member, other_member
):
    consent_record(user=member, kind="guidelines", version="2026-11", is_given=True)
    member_block(user=other_member, by=member)
    notification_send(user=member, kind="reply", text="a notice for you")
    client.force_login(member)
    response = client.post(reverse("accounts:export"), {"format": "html"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    for text in ("consent records", "2026-11", "blocks made", "login history"):
        assert text in html
    assert other_member.username in html
    assert "a notice for you" in html


def test_neither_version_names_who_flagged_or_blocked_the_member(
    client, member, other_member
):
    thread = ThreadFactory(author=member)
    flag_create(post=thread.posts.get(), by=other_member, reason="other", note="n")
    member_block(user=member, by=other_member)
    client.force_login(member)
    for data in ({}, {"format": "html"}):
        response = client.post(reverse("accounts:export"), data)
        assert other_member.username not in response.content.decode()
