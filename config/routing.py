"""WebSocket routes (SPEC §5). Each app contributes its own list."""

from django.urls import re_path

from accounts.routing import websocket_urlpatterns as accounts_ws
from core.live import unknown_path
from forum.routing import websocket_urlpatterns as forum_ws
from moderation.routing import websocket_urlpatterns as moderation_ws

# Last: a path no route matches is closed with 4404 rather than failing the handshake.
websocket_urlpatterns = [
    *forum_ws,
    *accounts_ws,
    *moderation_ws,
    re_path(r"", unknown_path),
]
