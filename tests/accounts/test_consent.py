"""Consent records: each choice with its version and time; a new guidelines version is
asked again and posting waits for it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import ConsentKind, ConsentRecord, User
from accounts.services import guidelines_accept, user_settings_update
from forum.services import post_create
from tests.accounts.test_signup import SIGNUP
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db


def settings_kwargs(user, **changes):
    values = {
        "bio": user.bio,
        "country": user.country,
        "preferred_language": user.preferred_language,
        "profile_visibility": user.profile_visibility,
        "show_organisations": user.show_organisations,
        "share_typing": user.share_typing,
        "show_name_when_typing": user.show_name_when_typing,
        "email_notifications": user.email_notifications,
        "content_warning_preferences": {},
    }
    return {**values, **changes}


def test_signup_records_the_guidelines_version_accepted(client, settings):
    client.post(reverse("accounts:signup"), SIGNUP)
    user = User.objects.get(username=SIGNUP["username"])
    record = ConsentRecord.objects.get(user=user)
    assert (record.kind, record.version, record.is_given) == (
        ConsentKind.GUIDELINES,
        settings.GUIDELINES_VERSION,
        True,
    )


def test_each_changed_choice_is_recorded_given_or_withdrawn(member):
    user_settings_update(
        user=member,
        **settings_kwargs(
            member, email_notifications=True, profile_visibility="members"
        ),
    )
    user_settings_update(
        user=member, **settings_kwargs(member, bio="unchanged choices")
    )
    user_settings_update(
        user=member, **settings_kwargs(member, email_notifications=False)
    )
    rows = list(
        ConsentRecord.objects.filter(user=member)
        .order_by("pk")
        .values_list("kind", "version", "is_given")
    )
    assert rows == [
        (ConsentKind.EMAIL, "", True),
        (ConsentKind.PROFILE_VISIBILITY, "members", True),
        (ConsentKind.EMAIL, "", False),
    ]


def test_a_new_guidelines_version_stops_posting_until_accepted(member, settings):
    thread = ThreadFactory()
    settings.GUIDELINES_VERSION = "2027-01"
    with pytest.raises(PermissionDenied, match="guidelines have changed"):
        post_create(thread=thread, by=member, body="after the change")
    guidelines_accept(user=member)
    guidelines_accept(user=member)
    member.refresh_from_db()
    post_create(thread=thread, by=member, body="after accepting")
    records = ConsentRecord.objects.filter(user=member, kind=ConsentKind.GUIDELINES)
    assert list(records.values_list("version", flat=True)) == ["2027-01"]


def test_the_member_is_asked_again_on_their_next_visit(client, member, settings):
    client.force_login(member)
    assert "guidelines have changed" not in client.get("/").content.decode()
    settings.GUIDELINES_VERSION = "2027-01"
    assert "The community guidelines have changed" in client.get("/").content.decode()
    client.post(reverse("pages:guidelines_accept"))
    assert "guidelines have changed" not in client.get("/").content.decode()


def test_settings_show_the_history_of_what_was_agreed(client, member, settings):
    settings.GUIDELINES_VERSION = "2027-01"
    guidelines_accept(user=member)
    client.force_login(member)
    html = client.get(reverse("accounts:settings")).content.decode()
    assert "What you agreed to" in html
    assert "2027-01" in html
