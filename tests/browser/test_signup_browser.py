import re
import time

import pytest

from tests.live_server import free_port
from tests.task_worker import start_worker

pytestmark = pytest.mark.browser


def _wait_for_mail(directory, timeout=10.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(directory.glob("*.log"))
        # The file appears before its text is written.
        if files and "/accounts/confirm/" in files[0].read_text():
            return files[0].read_text()
        time.sleep(0.05)
    raise AssertionError("no e-mail was written")


@pytest.fixture
def task_worker(tmp_path):
    started = []

    def start(env):
        started.append(start_worker(tmp_path, env))

    yield start
    for worker in started:
        worker.stop()


def test_sign_up_confirm_log_in(daphne_servers, task_worker, new_page, tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    port = free_port()
    env = {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "SITE_URL": f"http://127.0.0.1:{port}",
    }
    # As `make run`: daphne answers, the task worker beside it sends the mail.
    server = daphne_servers.start(port=port, env=env)
    task_worker(env)
    page = new_page()
    page.goto(server.url + "/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("morning_tide")
    page.get_by_label("E-mail address").fill("tide@example.org")
    page.get_by_label("Password").fill("a-long-unusual-passphrase")
    page.get_by_label("Country").select_option("PT")
    page.get_by_label("I have read and accept").check()
    page.get_by_role("button", name="Create account").click()
    assert page.locator("h1").inner_text() == "Check your e-mail"

    link = re.search(
        r"http://127\.0\.0\.1:\d+/accounts/confirm/\S+", _wait_for_mail(mail_dir)
    )
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm my address").click()
    page.wait_for_url("**/accounts/login/")
    assert "your e-mail address is confirmed" in page.locator(".messages").inner_text()

    page.get_by_label("Username").fill("morning_tide")
    page.get_by_label("Password").fill("a-long-unusual-passphrase")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(server.url + "/")
    account_nav = page.get_by_role("navigation", name="Account")
    assert account_nav.get_by_role("link", name="morning_tide").is_visible()
