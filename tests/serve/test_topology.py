"""`make serve` for real: nginx on one port, gunicorn for pages, daphne for /ws/.

Two processes of each, on PostgreSQL and Redis, with production settings. A visitor's
page, a member's login and reply, the live frame of that reply on sockets held by
both daphne processes, and the notification the relay makes of it all go through the
one port.
"""

import http.cookiejar
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from types import SimpleNamespace

import pytest
from django.conf import settings

from accounts.models import Notification
from forum.models import NotificationOutbox, Post
from tests.factories import PASSWORD, ThreadFactory, UserFactory
from tests.live.clients import LiveSocket
from tests.live_server import ROOT, database_env, free_port, wait_until_healthy
from tests.services import require_nginx, require_postgres, require_redis

pytestmark = pytest.mark.live

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies and forms over plain HTTP, redirects not followed."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base_url + path, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def submit(self, form_path: str, action: str, fields: dict) -> tuple[int, str]:
        """GET the page holding the form, then POST it with its CSRF token."""
        status, page = self.get(form_path)
        assert status == 200, page[-2000:]
        token = CSRF_INPUT.search(page).group(1)
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token})
        request = urllib.request.Request(self.base_url + action, data=body.encode())
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", "")


@pytest.fixture
def served(transactional_db, tmp_path):
    """`python -m config.serve` with two processes of each kind, stopped after."""
    require_postgres()
    require_redis()
    require_nginx()
    port = free_port()
    log_path = tmp_path / "serve.log"
    env = {
        **os.environ,
        **database_env(),
        "REDIS_URL": settings.REDIS_URL,
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "FIRST_POSTS_NEEDING_APPROVAL": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "outbox"),
    }
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "config.serve"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = SimpleNamespace(
        url=f"http://127.0.0.1:{port}",
        ws_url=f"ws://127.0.0.1:{port}",
        process=process,
        log=lambda: log_path.read_text(errors="replace")[-4000:],
        outbox=tmp_path / "outbox",
    )
    try:
        wait_until_healthy(server, name="serve", timeout=120)
        yield server
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail(f"serve did not stop on SIGTERM:\n{server.log()}")
        assert process.returncode == 0, server.log()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_page_login_reply_and_live_frame_go_through_the_one_port(served):
    thread = ThreadFactory(title="Behind the proxy")
    member = UserFactory(password=PASSWORD)
    visitor = Browser(served.url)
    status, page = visitor.get(thread.get_absolute_url())
    assert status == 200, served.log()
    assert "Behind the proxy" in page
    # Round robin: the two sockets land on the two daphne processes.
    sockets = [LiveSocket(served, thread.pk) for _ in range(2)]
    try:
        browser = Browser(served.url)
        status, location = browser.submit(
            "/accounts/login/",
            "/accounts/login/",
            {"username": member.username, "password": PASSWORD},
        )
        assert status == 302, served.log()
        status, location = browser.submit(
            thread.get_absolute_url(),
            f"/t/{thread.pk}/reply/",
            {"body": "Through **nginx**", "idempotency_key": secrets.token_hex(16)},
        )
        assert status == 302, served.log()
        post = Post.objects.get(thread=thread, number=2)
        assert post.author == member
        for socket in sockets:
            event = socket.next_event("post.created", timeout=20)
            assert event["post"]["id"] == post.pk
        # The reply only queued its notifications; the relay makes them.
        deadline = time.monotonic() + 20
        while not Notification.objects.filter(
            user=thread.author, about_post_id=post.pk, kind="post.reply"
        ).exists():
            assert time.monotonic() < deadline, f"no notification:\n{served.log()}"
            time.sleep(0.1)
        assert not NotificationOutbox.objects.exists()
    finally:
        for socket in sockets:
            socket.close()


def test_a_password_reset_mail_goes_out_through_the_task_worker(served):
    member = UserFactory(email="served@example.org")
    status, location = Browser(served.url).submit(
        "/accounts/password_reset/",
        "/accounts/password_reset/",
        {"email": member.email},
    )
    assert status == 302, served.log()
    deadline = time.monotonic() + 30
    # The file appears before its text is written: wait for the whole mail.
    while not any(
        "/accounts/reset/" in sent.read_text()
        for sent in (served.outbox.iterdir() if served.outbox.exists() else [])
    ):
        assert time.monotonic() < deadline, f"no mail within 30 s:\n{served.log()}"
        time.sleep(0.1)
    [sent] = served.outbox.iterdir()
    assert "To: served@example.org" in sent.read_text()
