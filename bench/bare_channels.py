"""The bare-Channels floor for bench/live_fanout.py: no database, no auth, no sessions.

Every socket on `/ws/floor/` joins one group; whatever is published to that group (a
message `{"type": "floor.frame", "text": ...}`) is sent as is to every socket. The layer
is the one production uses (channels_redis's pub/sub layer, on REDIS_URL), so the floor
is what Channels, daphne and Redis cost for a frame, and nothing of this product.

    REDIS_URL=redis://127.0.0.1:6379/12 daphne --port 8750 bench.bare_channels:application
"""

import os

import django
from django.conf import settings

GROUP = "bench.floor"

settings.configure(
    DEBUG=False,
    INSTALLED_APPS=["channels"],
    CHANNEL_LAYERS={
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [{"address": os.environ["REDIS_URL"], "socket_timeout": 10}]
            },
        }
    },
)
django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402


class FloorConsumer(AsyncWebsocketConsumer):
    groups = [GROUP]

    async def floor_frame(self, message: dict) -> None:
        await self.send(text_data=message["text"])


application = ProtocolTypeRouter(
    {"websocket": URLRouter([path("ws/floor/", FloorConsumer.as_asgi())])}
)
