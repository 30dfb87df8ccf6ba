"""Publishing to the channel layer from synchronous code (WSGI workers, commands)."""

import redis

from core import live
from tests.live_server import RedisServer
from tests.services import require_redis_server_binary


def test_publishing_outside_a_server_reuses_one_redis_connection(settings, tmp_path):
    server = RedisServer(require_redis_server_binary(), tmp_path)
    server.start()
    try:
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "CONFIG": {"hosts": [{"address": server.url}]},
            }
        }
        stats = redis.Redis.from_url(server.url)

        def connections() -> int:
            return stats.info("stats")["total_connections_received"]

        live.publish("thread.1", {"type": "thread.event"})
        before = connections()
        for _ in range(5):
            live.publish("thread.1", {"type": "thread.event"})
        assert connections() == before
    finally:
        server.stop()
