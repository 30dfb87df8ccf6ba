"""Close codes as a browser sees them through a real daphne, not only a test communicator."""

import pytest
from websockets.exceptions import ConnectionClosed

from tests.factories import ThreadFactory
from tests.live.clients import LiveSocket

pytestmark = pytest.mark.live


def test_a_binary_frame_is_closed_with_4400_through_daphne(live_site):
    thread = ThreadFactory()
    socket = LiveSocket(live_site, thread.pk)
    try:
        socket.socket.send(b"\x00\x01binary")
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                socket.socket.recv(timeout=10)
        assert closed.value.rcvd.code == 4400
    finally:
        socket.close()
