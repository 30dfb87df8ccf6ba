"""Production configuration, checked the way it runs: a fresh process with its environment."""

import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "forum.example.org",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # A clean environment: nothing from this machine's shell may make a check pass.
    base = {"PATH": "/usr/bin:/bin", "HOME": str(ROOT), "LANG": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_wildcard_allowed_hosts_are_refused():
    result = manage("check", env={**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "*"})
    assert result.returncode != 0
    assert "may not contain '*'" in result.stderr


def test_debug_flag_must_be_a_clear_boolean():
    result = manage("check", env={**PRODUCTION, "DJANGO_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be 0 or 1" in result.stderr


def test_embedded_default_needs_no_environment():
    result = manage("check", env={})
    assert result.returncode == 0, result.stderr


def test_production_cookies_and_transport_are_secure():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS > 0, s.DEBUG, s.SITE_URL)"
    )
    result = manage("shell", "-c", code, env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "True",
        "True",
        "True",
        "True",
        "False",
        "https://forum.example.org",
    ]


def test_allowed_hosts_that_parse_to_nothing_are_refused_clearly():
    result = manage("check", env={**PRODUCTION, "DJANGO_ALLOWED_HOSTS": " , "})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


@pytest.mark.parametrize("value", ["soon", "60,-1"])
def test_mail_retry_delays_that_are_not_seconds_are_refused_clearly(value):
    result = manage("check", env={**PRODUCTION, "MAIL_RETRY_DELAYS": value})
    assert result.returncode != 0
    assert "MAIL_RETRY_DELAYS must be seconds separated by commas" in result.stderr


def test_an_empty_flag_counts_as_unset():
    result = manage("check", env={**PRODUCTION, "DJANGO_HTTPS": ""})
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_health_check_answers_plain_http_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301
