"""WebSocket routes of the forum (SPEC §5)."""

from django.urls import path

from forum.live import consumers

websocket_urlpatterns = [
    path("ws/t/<int:thread_id>/", consumers.ThreadConsumer.as_asgi()),
]
