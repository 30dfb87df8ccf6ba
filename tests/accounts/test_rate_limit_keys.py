"""Each rate limit and the login throttle keep their counts under their own prefix."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts import throttle
from forum.services import post_create
from tests.factories import ThreadFactory
from tests.services import require_redis

pytestmark = [pytest.mark.django_db, pytest.mark.services]


def test_each_limit_and_the_login_throttle_have_their_own_prefix(client, member):
    require_redis()
    post_create(thread=ThreadFactory(), by=member, body="A reply to count.")
    throttle.rate_limit_hit(scope="signup", key="192.0.2.1", limit=10, seconds=60)
    client.post(reverse("accounts:login"), {"username": "someone", "password": "x"})
    redis = cache._cache.get_client(write=False)
    prefix = cache.make_key("")
    keys = sorted(key.decode().removeprefix(prefix) for key in redis.scan_iter("*"))
    assert [key.rsplit(":", 1)[0] for key in keys] == [
        "login:address-failures",
        "login:pair-failures:0",
        "rate:forum-reply",
        "rate:signup",
    ]
