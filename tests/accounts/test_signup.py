import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.permissions import can_post
from accounts.services.users import email_confirmation_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "quiet_river",
    "email": "River@Example.org",
    "password": "a-long-unusual-passphrase",
    "country": "IT",
    "preferred_language": "it",
    "accepts_guidelines": "on",
}


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_signup_creates_unconfirmed_member_who_cannot_post_yet(client):
    response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")
    user = User.objects.get(username="quiet_river")
    assert user.email == "river@example.org"
    assert user.country == "IT" and user.preferred_language == "it"
    assert user.guidelines_version == settings.GUIDELINES_VERSION
    assert user.guidelines_accepted_at is not None
    assert user.email_confirmed_at is None
    assert not can_post(user)
    assert "_auth_user_id" not in client.session


def test_confirmation_link_confirms_the_address(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), SIGNUP)
    assert len(mail.outbox) == 1
    path = "/" + _link(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1]
    # Opening the link (as a mail scanner would) confirms nothing; the button does.
    page = client.get(path)
    assert page.status_code == 200
    assert f'action="{path}"' in page.text
    assert User.objects.get(username="quiet_river").email_confirmed_at is None
    response = client.post(path)
    assert response.status_code == 302
    user = User.objects.get(username="quiet_river")
    assert user.email_confirmed_at is not None
    assert can_post(user)


def test_tampered_confirmation_link_is_refused(client):
    user = UserFactory(email_confirmed_at=None)
    token = email_confirmation_token(user)
    url = reverse("accounts:confirm_email", kwargs={"token": token[:-2] + "xx"})
    assert client.get(url).status_code == 400
    assert client.post(url).status_code == 400
    user.refresh_from_db()
    assert user.email_confirmed_at is None


def test_link_sent_to_an_old_address_no_longer_confirms(client):
    user = UserFactory(email_confirmed_at=None, email="old@example.org")
    token = email_confirmation_token(user)
    user.email = "new@example.org"
    user.save()
    response = client.get(reverse("accounts:confirm_email", kwargs={"token": token}))
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.email_confirmed_at is None


def test_signup_with_a_known_address_answers_the_same_and_warns_its_owner(
    client, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="river@example.org")
    fresh = client.post(reverse("accounts:signup"), {**SIGNUP, "email": "new@e.org"})
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("accounts:signup"), {**SIGNUP, "username": "other"})
    assert known.status_code == fresh.status_code == 302
    assert known["Location"] == fresh["Location"]
    assert not User.objects.filter(username="other").exists()
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "already has an account" in mail.outbox[0].body


def test_taken_username_keeps_what_was_typed(client):
    UserFactory(username="Quiet_River")
    response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 400
    assert "That username is taken" in response.text
    assert 'value="River@Example.org"' in response.text
    assert mail.outbox == []


def test_guidelines_must_be_accepted(client):
    data = {key: value for key, value in SIGNUP.items() if key != "accepts_guidelines"}
    response = client.post(reverse("accounts:signup"), data)
    assert response.status_code == 400
    assert not User.objects.filter(username="quiet_river").exists()


@pytest.mark.parametrize(
    "username", ["<script>x</script>", "a", "name with spaces", "deleted-123"]
)
def test_hostile_or_reserved_usernames_get_a_clear_error(client, username):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "username": username})
    assert response.status_code == 400
    assert "<script>x</script>" not in response.text
    assert User.objects.count() == 0


def test_weak_password_is_refused(client):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "password": "123"})
    assert response.status_code == 400
    assert not User.objects.exists()


def test_signups_from_one_address_are_rate_limited(client, settings):
    settings.SIGNUP_RATE_LIMIT = 2
    for n in range(2):
        response = client.post(
            reverse("accounts:signup"),
            {**SIGNUP, "username": f"user{n}", "email": f"u{n}@example.org"},
        )
        assert response.status_code == 302
    response = client.post(
        reverse("accounts:signup"),
        {**SIGNUP, "username": "user9", "email": "u9@example.org"},
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="user9").exists()


def test_resend_confirmation(client, django_capture_on_commit_callbacks):
    user = UserFactory(email_confirmed_at=None)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:confirm_resend"))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert email_confirmation_token(user).split(":")[0] in mail.outbox[0].body


def test_a_known_address_costs_the_same_password_hashing_as_a_new_one(client, settings):
    # Skipping the slow hash for a known address would time-reveal the account.
    from django.contrib.auth.hashers import get_hashers

    from tests.hashers import CountingPBKDF2PasswordHasher

    settings.PASSWORD_HASHERS = ["tests.hashers.CountingPBKDF2PasswordHasher"]
    get_hashers.cache_clear()
    UserFactory(email="river@example.org")

    def hashes_for(data) -> int:
        CountingPBKDF2PasswordHasher.encoded_count = 0
        assert client.post(reverse("accounts:signup"), data).status_code == 302
        return CountingPBKDF2PasswordHasher.encoded_count

    assert hashes_for({**SIGNUP, "username": "other"}) == hashes_for(
        {**SIGNUP, "username": "fresh", "email": "fresh@example.org"}
    )
