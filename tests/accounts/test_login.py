import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import throttle
from tests.factories import PASSWORD, UserFactory
from tests.services import require_redis

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _answer(response, username: str) -> str:
    """The page as the visitor reads it: CSRF token and the typed name left out."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.text)
    return text.replace(username, "USERNAME")


def _login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_member_logs_in_and_lands_on_the_home_page(client, member):
    response = _login(client, member.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(member.pk)


def test_login_follows_a_local_next_but_not_another_site(client, member):
    response = client.post(
        LOGIN + "?next=/accounts/settings/",
        {"username": member.username, "password": PASSWORD},
    )
    assert response["Location"] == "/accounts/settings/"
    client.logout()
    response = client.post(
        LOGIN,
        {
            "username": member.username,
            "password": PASSWORD,
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("home")


def test_wrong_password_and_unknown_user_get_the_same_answer(client, member):
    wrong = _login(client, member.username, "not-the-password")
    unknown = _login(client, "nobody_here", "not-the-password")
    assert wrong.status_code == unknown.status_code == 400
    assert "Please enter a correct username and password" in wrong.text
    assert _answer(wrong, member.username) == _answer(unknown, "nobody_here")


def test_lockout_reads_the_same_for_existing_and_unknown_accounts(
    client, member, settings
):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        _login(client, member.username, "wrong")
        _login(client, "nobody_here", "wrong")
    existing = _login(client, member.username, "wrong")
    unknown = _login(client, "nobody_here", "wrong")
    assert "Too many failed attempts" in existing.text
    assert _answer(existing, member.username) == _answer(unknown, "nobody_here")


def test_locked_account_refuses_even_the_right_password(client, member, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    _login(client, member.username, "wrong")
    _login(client, member.username, "wrong")
    response = _login(client, member.username)
    assert response.status_code == 400
    assert "Too many failed attempts" in response.text
    assert "_auth_user_id" not in client.session


def test_one_address_cannot_spray_many_usernames(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    victim = UserFactory(username="victim")
    for n in range(2 * throttle.ADDRESS_FACTOR):
        _login(client, f"guess{n}", "wrong")
    response = _login(client, victim.username)
    assert "Too many failed attempts" in response.text


def test_success_clears_the_failure_count(client, member, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    _login(client, member.username, "wrong")
    assert _login(client, member.username).status_code == 302
    client.logout()
    _login(client, member.username, "wrong")
    assert _login(client, member.username).status_code == 302


def test_suspended_member_cannot_log_in(client):
    user = UserFactory(suspended_until=timezone.now() + timedelta(days=3))
    response = _login(client, user.username)
    assert response.status_code == 400
    assert "suspended" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.services
def test_lockout_is_temporary_and_shared_through_redis(settings, member):
    require_redis()
    from django.core.cache import cache

    settings.LOGIN_FAILURE_LIMIT = 1
    settings.LOGIN_LOCKOUT_SECONDS = 120
    throttle.login_failed(username=member.username, address="192.0.2.1")
    assert (
        0
        < throttle.login_wait_seconds(username=member.username, address="192.0.2.1")
        <= throttle.FIRST_LOCK_SECONDS
    )
    assert (
        throttle.login_wait_seconds(username=member.username, address="192.0.2.9") == 0
    )
    client = cache._cache.get_client(write=False)
    locks = [key.decode() for key in client.scan_iter("*login:pair-lock:*")]
    assert len(locks) == 1
    assert 0 < client.ttl(locks[0]) <= throttle.FIRST_LOCK_SECONDS


def test_logout_needs_post_and_ends_the_session(client, member):
    client.force_login(member)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_members_can_log_in_while_the_cache_is_unreachable(client, member, settings):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    away = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "OPTIONS": {"socket_connect_timeout": 1},
    }
    # Redis away: the shared cache and the sessions' cache both.
    settings.CACHES = {**settings.CACHES, "default": away, "sessions": away}
    assert _login(client, member.username, "wrong").status_code == 400
    assert _login(client, member.username).status_code == 302
