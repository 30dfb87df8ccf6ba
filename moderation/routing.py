"""WebSocket routes of moderation (SPEC §5)."""

from django.urls import path

from moderation import consumers

websocket_urlpatterns = [
    path("ws/moderation/", consumers.ModerationQueueConsumer.as_asgi()),
]
