"""The login throttle's rule (docs/decisions.md, "Login throttle"): failures count per
(account, address) and per address, locks back off, a password reset ends them, and
the site's and the admin's login share one throttle."""

import re
import time

import pytest
from django.urls import reverse

from accounts import throttle
from tests.factories import PASSWORD, UserFactory
from tests.mail import wait_for_mail

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
LOCKED = "Too many failed attempts"
ATTACKER = "203.0.113.66"
NEW_PASSWORD = "a-fresh-long-passphrase"


def _login(client, username, password=PASSWORD, *, address="127.0.0.1", url=LOGIN):
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=address
    )


class Clock:
    """time.time() under the test's control; the local-memory cache expires by it too."""

    def __init__(self, monkeypatch):
        self.now = time.time()
        monkeypatch.setattr(time, "time", lambda: self.now)

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch, settings):
    # Redis expires keys by its own clock: these tests keep the counters in memory.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "login-throttle-clock",
        },
    }
    return Clock(monkeypatch)


def test_failures_from_another_address_never_lock_the_member_out(
    client, member, settings
):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(5):
        _login(client, member.username, "a guess", address=ATTACKER)
    assert LOCKED in _login(client, member.username, address=ATTACKER).text
    assert _login(client, member.username).status_code == 302


def test_each_further_failure_doubles_the_wait_up_to_the_longest(settings, clock):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_LOCKOUT_SECONDS = 300
    waits = []
    for _ in range(6):
        throttle.login_failed(username="someone", address=ATTACKER)
        waits.append(throttle.login_wait_seconds(username="someone", address=ATTACKER))
        clock.advance(waits[-1])
    assert waits == [0, 60, 120, 240, 300, 300]
    assert throttle.login_wait_seconds(username="someone", address=ATTACKER) == 0


def test_the_right_password_gets_in_once_the_wait_is_over(
    client, member, settings, clock
):
    settings.LOGIN_FAILURE_LIMIT = 2
    _login(client, member.username, "a guess")
    _login(client, member.username, "another guess")
    locked = _login(client, member.username)
    assert locked.status_code == 400
    assert "Please wait 1 minute and try again" in locked.text
    clock.advance(61)
    assert _login(client, member.username).status_code == 302


def test_a_sprayed_address_still_lets_in_members_who_logged_in_there_before(
    client, member, settings
):
    settings.LOGIN_FAILURE_LIMIT = 2
    assert _login(client, member.username).status_code == 302
    client.logout()
    for n in range(2 * throttle.ADDRESS_FACTOR):
        _login(client, f"guess{n}", "wrong")
    newcomer = UserFactory(username="newcomer")
    assert LOCKED in _login(client, newcomer.username).text
    assert _login(client, member.username).status_code == 302


def test_a_completed_password_reset_ends_the_lock(
    client, member, settings, django_capture_on_commit_callbacks
):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        _login(client, member.username, "a guess", address=ATTACKER)
        _login(client, member.username, "a guess")
    assert LOCKED in _login(client, member.username).text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": member.email})
    link = re.search(r"http://\S+(/accounts/reset/\S+/)", wait_for_mail(1)[0].body)
    form_page = client.get(link.group(1), follow=True)
    response = client.post(
        form_page.request["PATH_INFO"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert _login(client, member.username, NEW_PASSWORD).status_code == 302
    client.logout()
    assert (
        _login(client, member.username, NEW_PASSWORD, address=ATTACKER).status_code
        == 302
    )


def test_admin_login_is_throttled_like_the_site_login(client, admin_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        wrong = _login(client, admin_user.username, "a guess", url=ADMIN_LOGIN)
        assert LOCKED not in wrong.text
    response = _login(client, admin_user.username, url=ADMIN_LOGIN)
    assert response.status_code == 200
    assert LOCKED in response.text
    assert "_auth_user_id" not in client.session


def test_admin_and_site_logins_share_one_count(client, admin_user, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    _login(client, admin_user.username, "a guess", url=ADMIN_LOGIN)
    _login(client, admin_user.username, "another guess")
    assert LOCKED in _login(client, admin_user.username, url=ADMIN_LOGIN).text
    assert LOCKED in _login(client, admin_user.username).text


def test_a_member_at_the_admin_login_is_not_counted_as_guessing(
    client, member, settings
):
    settings.LOGIN_FAILURE_LIMIT = 1
    assert _login(client, member.username, url=ADMIN_LOGIN).status_code == 200
    assert _login(client, member.username).status_code == 302
