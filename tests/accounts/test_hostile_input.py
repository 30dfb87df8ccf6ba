"""SPEC §6: hostile input gets a clean render or a clear error, never a 500 or a script."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "a" * 100_000,
    "\x00\x01\x1b[31mcontrol",
    "evil\u202etxt.exe",
    "𝕳𝖊𝖑𝖑𝖔 \ufeff\u200b zero-width",
]


def _assert_safe(response):
    assert response.status_code < 500
    assert "<script>alert(1)</script>" not in response.text
    assert "<img src=x onerror" not in response.text


@pytest.mark.parametrize("value", HOSTILE)
def test_signup_survives_hostile_input(client, value):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": value,
            "email": value,
            "password": value,
            "country": value,
            "preferred_language": value,
            "accepts_guidelines": "on",
        },
    )
    assert response.status_code == 400
    _assert_safe(response)


@pytest.mark.parametrize("value", HOSTILE)
def test_login_survives_hostile_input(client, value):
    response = client.post("/accounts/login/", {"username": value, "password": value})
    assert response.status_code == 400
    _assert_safe(response)


@pytest.mark.parametrize("value", HOSTILE)
def test_settings_survive_hostile_input(client, member, value):
    client.force_login(member)
    response = client.post(
        reverse("accounts:settings"),
        {
            "bio": value,
            "country": "",
            "preferred_language": "en",
            "profile_visibility": "public",
        },
    )
    _assert_safe(response)
    member.refresh_from_db()
    assert "\x00" not in member.bio and "\u202e" not in member.bio
    assert len(member.bio) <= 2000
    profile = client.get(member.get_absolute_url())
    _assert_safe(profile)


@pytest.mark.parametrize("value", HOSTILE)
def test_organisation_application_survives_hostile_input(client, member, value):
    client.force_login(member)
    response = client.post(
        reverse("accounts:organisation_apply"),
        {
            "name": value,
            "country": "IT",
            "kind": "peer_group",
            "description": value,
            "website": value,
            "contact_name": value,
        },
    )
    _assert_safe(response)


def test_unknown_token_and_odd_paths_are_clean_errors(client, member):
    assert client.get("/accounts/confirm/%3Cscript%3E/").status_code == 400
    assert client.get("/u/%3Cscript%3E/").status_code == 404
    client.force_login(member)
    assert client.post("/accounts/invitations/999999/answer/").status_code == 404
    response = client.post(
        reverse("accounts:delete"), {"keep_posts": "maybe", "password": PASSWORD}
    )
    assert response.status_code == 400
