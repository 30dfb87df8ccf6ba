"""WebSocket routes of accounts (SPEC §5)."""

from django.urls import path

from accounts import consumers

websocket_urlpatterns = [
    path("ws/me/", consumers.MeConsumer.as_asgi()),
]
