"""E-mail consent is recorded, with its time, wherever the member gives or withdraws
it: the notification settings and the one-click unsubscribe link, not only the profile."""

import pytest
from django.test import Client

from accounts.models import ConsentKind, ConsentRecord
from accounts.services.notifications import ALL_GROUPS, unsubscribe_url

pytestmark = pytest.mark.django_db

CHOICES = {
    "email_reply": "daily",
    "email_mention": "daily",
    "email_quote": "daily",
    "email_reaction": "off",
    "email_watching": "weekly",
    "email_practice": "instant",
    "email_moderation": "instant",
}
CONSENT = CHOICES | {"email_consent": "on"}


def _email_records(member) -> list[bool]:
    return list(
        ConsentRecord.objects.filter(user=member, kind=ConsentKind.EMAIL)
        .order_by("at", "pk")
        .values_list("is_given", flat=True)
    )


def test_notification_settings_record_consent_given_and_withdrawn(client, member):
    client.force_login(member)
    client.post("/accounts/settings/notifications/", CONSENT)
    member.refresh_from_db()
    assert member.email_notifications and member.email_consent_at
    assert _email_records(member) == [True]
    # Saving again without a change adds nothing.
    client.post("/accounts/settings/notifications/", CONSENT)
    assert _email_records(member) == [True]
    client.post("/accounts/settings/notifications/", CHOICES)
    assert _email_records(member) == [True, False]
    record = ConsentRecord.objects.filter(user=member, kind=ConsentKind.EMAIL).last()
    assert record.at is not None


def test_the_unsubscribe_link_records_the_withdrawal(client, member):
    client.force_login(member)
    client.post("/accounts/settings/notifications/", CONSENT)
    link = unsubscribe_url(member, ALL_GROUPS)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    member.refresh_from_db()
    assert not member.email_notifications
    assert _email_records(member) == [True, False]
