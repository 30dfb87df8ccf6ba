"""A daphne process stops promptly when told to, even with pages in flight."""

import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.live

LOADERS = 16


def test_daphne_exits_soon_after_sigterm_while_serving_thread_pages(daphne_servers):
    thread = ThreadFactory()
    for number in range(2, 21):
        PostFactory(thread=thread, number=number, body=f"Reply **{number}**")
    server = daphne_servers.start()
    url = f"{server.url}{thread.get_absolute_url()}"
    stop = threading.Event()
    answered = []

    def load():
        while not stop.is_set():
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    answered.append(response.status)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if server.process.poll() is not None:
                    return

    loaders = [threading.Thread(target=load, daemon=True) for _ in range(LOADERS)]
    for loader in loaders:
        loader.start()
    try:
        deadline = time.monotonic() + 60
        while len(answered) < 4 * LOADERS and time.monotonic() < deadline:
            time.sleep(0.05)
        assert set(answered) == {200}, server.log()[-2000:]
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail(
                f"daphne still running 10 s after SIGTERM:\n{server.log()[-2000:]}"
            )
    finally:
        stop.set()
        for loader in loaders:
            loader.join(timeout=10)
