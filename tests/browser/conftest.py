import os
from urllib.parse import urlparse

import pytest

from tests.services import CHROMIUM, require_chromium

# Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are
# still synchronous, so Django's async-safety guard does not apply to them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-background-networking",
                 "--disable-gpu", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]  # fmt: skip


@pytest.fixture(scope="session")
def _playwright():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_page(browser):
    """`new_page()` opens a fresh browser context; every request it makes is recorded.

    After the test, no request may have left 127.0.0.1 (SPEC §7: no third-party loads).
    """
    contexts = []
    hosts = set()

    def open_page():
        context = browser.new_context()
        context.set_default_timeout(10_000)
        context.on("request", lambda request: hosts.add(urlparse(request.url).hostname))
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    assert hosts <= {"127.0.0.1"}, f"requests left the machine: {hosts}"
