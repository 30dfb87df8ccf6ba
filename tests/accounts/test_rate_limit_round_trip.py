"""A rate limit is counted on Redis in one round trip, and posting survives Redis down.

Each test runs its own redis-server, so the command counts are this test's alone.
"""

import pytest
import redis
from django.core.cache import caches

from accounts import throttle
from forum.services import RateLimited, post_create
from tests.factories import ThreadFactory, UserFactory
from tests.live_server import RedisServer
from tests.services import require_redis_server_binary

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_redis(settings, tmp_path):
    server = RedisServer(require_redis_server_binary(), tmp_path)
    server.start()
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
        },
    }
    client = redis.Redis.from_url(server.url)
    yield server, client
    client.close()
    server.stop()


def command_counts(client) -> dict[str, int]:
    stats = client.info("commandstats")
    return {name.removeprefix("cmdstat_"): row["calls"] for name, row in stats.items()}


def test_a_count_is_one_transaction_with_no_read_before_it(private_redis):
    _, client = private_redis
    client.config_resetstat()

    assert throttle.rate_limit_hit(scope="t", key="k", limit=5, seconds=60) is False

    counts = command_counts(client)
    # One MULTI/EXEC sent as one pipeline; no SET NX (add) and no EXISTS before INCR.
    assert {
        name: counts.get(name, 0) for name in ("multi", "incrby", "expire", "exec")
    } == {
        "multi": 1,
        "incrby": 1,
        "expire": 1,
        "exec": 1,
    }
    assert counts.get("set", 0) == 0
    assert counts.get("exists", 0) == 0


def test_the_window_starts_at_the_first_count_and_later_counts_keep_it(private_redis):
    _, client = private_redis
    throttle.rate_limit_hit(scope="t", key="k", limit=5, seconds=60)
    name = caches["default"].make_key(throttle.rate_limit_key("t", "k"))
    assert 0 < client.ttl(name) <= 60
    client.expire(name, 7)

    throttle.rate_limit_hit(scope="t", key="k", limit=5, seconds=60)

    assert 0 < client.ttl(name) <= 7
    # Stored as a plain integer, readable through the cache API.
    assert caches["default"].get(throttle.rate_limit_key("t", "k")) == 2


def test_the_limit_refuses_the_reply_past_it(private_redis, settings):
    settings.FORUM_REPLIES_PER_MINUTE = 2
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    member = UserFactory()
    thread = ThreadFactory()
    post_create(thread=thread, by=member, body="One.")
    post_create(thread=thread, by=member, body="Two.")
    with pytest.raises(RateLimited):
        post_create(thread=thread, by=member, body="Three.")


def test_replies_are_accepted_while_redis_is_down(private_redis, settings):
    server, _ = private_redis
    settings.FORUM_REPLIES_PER_MINUTE = 1
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    member = UserFactory()
    thread = ThreadFactory()
    server.stop()

    # Nothing can be counted: the limit is not applied, the reply is not refused.
    post_create(thread=thread, by=member, body="One.")
    post_create(thread=thread, by=member, body="Two.")

    assert thread.posts.filter(author=member).count() == 2
