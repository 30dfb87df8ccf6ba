"""Sessions are kept in the database and read from the cache; a cache that fails costs
a database read, never a request (core.sessions)."""

import time

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.sessions import SessionStore
from tests.factories import PASSWORD, UserFactory
from tests.live_server import free_port

pytestmark = pytest.mark.django_db


def _session_reads(client, path="/accounts/notifications/") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum("django_session" in q["sql"] for q in queries.captured_queries)


def _log_in(client):
    member = UserFactory(password=PASSWORD)
    response = client.post(
        "/accounts/login/", {"username": member.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return member


def test_a_signed_in_page_reads_its_session_from_the_cache(client):
    _log_in(client)
    assert _session_reads(client) == 0
    # Gone from the cache (evicted, expired, another process): the database answers.
    caches["sessions"].clear()
    assert _session_reads(client) == 1
    assert _session_reads(client) == 0


def test_logging_out_ends_the_session_in_the_cache_too(client):
    _log_in(client)
    key = client.cookies["sessionid"].value
    client.post("/accounts/logout/")
    client.cookies["sessionid"] = key  # the old cookie, replayed
    response = client.get("/accounts/notifications/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_cached_session_lives_no_longer_than_the_setting(client, settings):
    settings.SESSION_CACHE_SECONDS = 60
    _log_in(client)
    cache = caches["sessions"]
    key = cache.make_and_validate_key(
        "django.contrib.sessions.cached_db" + client.cookies["sessionid"].value
    )
    if hasattr(cache, "_expire_info"):  # local memory
        assert cache._expire_info[key] - time.time() <= 60
    else:  # Redis
        assert 0 < cache._cache.get_client(key).ttl(key) <= 60


@pytest.fixture
def cache_away(settings):
    """The sessions' cache on a port where nothing listens."""
    settings.CACHES = {
        **settings.CACHES,
        "sessions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
        },
    }


def test_without_the_cache_members_log_in_browse_and_log_out(client, cache_away):
    _log_in(client)
    assert _session_reads(client) == 1
    key = client.cookies["sessionid"].value
    client.post("/accounts/logout/")
    client.cookies["sessionid"] = key
    assert client.get("/accounts/notifications/").status_code == 302


def test_a_session_read_just_before_a_logout_is_not_put_back(client):
    _log_in(client)
    key = client.cookies["sessionid"].value
    caches["sessions"].clear()
    reading = SessionStore(key)  # a request that found no copy and read the database
    stored = reading._get_session_from_db()
    SessionStore(key).delete()  # the logout, in another request
    reading._cache_put(
        reading.cache_key, reading.decode(stored.session_data), 60, add=True
    )
    assert SessionStore(key).load() == {}


def test_a_copy_read_from_the_database_lives_no_longer_than_the_setting(
    client, settings
):
    _log_in(client)
    settings.SESSION_CACHE_SECONDS = 30
    caches["sessions"].clear()
    assert _session_reads(client) == 1
    cache = caches["sessions"]
    key = cache.make_and_validate_key(
        "django.contrib.sessions.cached_db" + client.cookies["sessionid"].value
    )
    if hasattr(cache, "_expire_info"):
        assert cache._expire_info[key] - time.time() <= 30
    else:
        assert 0 < cache._cache.get_client(key).ttl(key) <= 30
