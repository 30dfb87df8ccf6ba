"""Password checks while signed in (delete, e-mail change, password change) are
throttled like login: a stolen session cannot guess the password without limit."""

import pytest
from django.urls import reverse

from accounts import throttle
from tests.factories import PASSWORD
from tests.services import require_redis

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed attempts"
NEW_PASSWORD = "another-good-passphrase"


def _delete(client, password):
    return client.post(
        reverse("accounts:delete"), {"keep_posts": "1", "password": password}
    )


def _email_change(client, password):
    return client.post(
        reverse("accounts:email_change"),
        {"email": "new-address@example.org", "password": password},
    )


def _password_change(client, password):
    return client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )


FORMS = pytest.mark.parametrize(
    "submit", [_delete, _email_change, _password_change], ids=lambda f: f.__name__
)


@FORMS
def test_guessing_locks_the_form_even_for_the_right_password(
    client, member, settings, submit
):
    settings.LOGIN_FAILURE_LIMIT = 3
    client.force_login(member)
    for _ in range(3):
        wrong = submit(client, "a guess")
        assert wrong.status_code == 400
        assert LOCKED not in wrong.text
    locked = submit(client, PASSWORD)
    assert locked.status_code == 400
    assert LOCKED in locked.text
    member.refresh_from_db()
    assert member.erased_at is None
    assert member.check_password(PASSWORD)


def test_the_right_password_clears_the_failures(client, member, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    client.force_login(member)
    assert _email_change(client, "a guess").status_code == 400
    assert _email_change(client, PASSWORD).status_code == 302
    assert _email_change(client, "another guess").status_code == 400
    assert _email_change(client, PASSWORD).status_code == 302


def test_guesses_in_a_session_lock_the_login_too(client, member, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    client.force_login(member)
    _delete(client, "a guess")
    _email_change(client, "another guess")
    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": member.username, "password": PASSWORD}
    )
    assert response.status_code == 400
    assert LOCKED in response.text


@pytest.mark.services
def test_the_count_is_kept_in_redis(client, member, settings):
    require_redis()
    settings.LOGIN_FAILURE_LIMIT = 1
    client.force_login(member)
    _password_change(client, "a guess")
    assert throttle.login_wait_seconds(username=member.username, address="127.0.0.1")
    assert LOCKED in _password_change(client, PASSWORD).text
