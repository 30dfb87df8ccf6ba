"""Which real services this run has. With REQUIRE_SERVICES=1 a missing one fails the test."""

import os
import shutil

import pytest
from django.conf import settings
from django.db import connection

CHROMIUM = "/usr/bin/chromium"
NGINX = "/usr/sbin/nginx"


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES") == "1"


def _skip_or_fail(reason: str) -> None:
    if services_required():
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def require_postgres() -> None:
    if connection.vendor != "postgresql":
        _skip_or_fail("this test needs PostgreSQL (set DATABASE_URL)")


def require_redis() -> None:
    if not settings.REDIS_URL:
        _skip_or_fail("this test needs Redis (set REDIS_URL)")


def require_chromium() -> None:
    if not os.path.exists(CHROMIUM):
        _skip_or_fail(f"this test needs Chromium at {CHROMIUM}")


def require_redis_server_binary() -> str:
    path = shutil.which("redis-server")
    if not path:
        _skip_or_fail("this test needs the redis-server binary")
    return path


def require_nginx() -> str:
    if not os.path.exists(NGINX):
        _skip_or_fail(f"this test needs nginx at {NGINX} (Debian's package)")
    return NGINX
