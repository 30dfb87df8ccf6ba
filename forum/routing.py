"""WebSocket routes of the forum (SPEC §5)."""

from django.urls import path

from forum import consumers

websocket_urlpatterns = [
    path("ws/t/<int:thread_id>/", consumers.ThreadConsumer.as_asgi()),
    path("ws/me/", consumers.MeConsumer.as_asgi()),
]
