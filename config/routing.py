"""WebSocket routes (SPEC §5). Each app contributes its own list."""

from forum.routing import websocket_urlpatterns as forum_ws
from moderation.routing import websocket_urlpatterns as moderation_ws

websocket_urlpatterns = [*forum_ws, *moderation_ws]
