"""At 320 CSS px wide (a small phone, or 200 % zoom on a 640 px window) every page fits
the screen, controls keep a 24 × 24 px target, and the exchange's filters fold away."""

import pytest

from tests.browser.pages import log_in
from tests.exchange.factories import PracticeFactory
from tests.factories import CategoryFactory, PostFactory, ThreadFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.live]

NARROW = {"width": 320, "height": 640}
# Controls that are not links inside a sentence (WCAG 2.2, 2.5.8's inline exception).
CONTROLS = (
    "button, select, input:not([type=hidden]), textarea, summary, "
    ".nav-list a, .pagination a, .post-actions a"
)
TOO_WIDE = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
WIDEST = """() => [...document.querySelectorAll("body *")]
  .filter((element) => element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX === "visible")
  .map((element) => [element.scrollWidth, element.clientWidth, element.outerHTML.slice(0, 90)]).slice(-4)"""
SMALL_TARGETS = f"""() => [...document.querySelectorAll("{CONTROLS}")]
  .filter((element) => element.offsetParent !== null)
  .map((element) => [element.outerHTML.slice(0, 80), element.getBoundingClientRect()])
  .filter(([, box]) => box.width < 24 || box.height < 24)
  .map(([html]) => html)"""


@pytest.fixture
def site(daphne_servers):
    category = CategoryFactory(slug="general", name="General")
    thread = ThreadFactory(category=category, title="A long " + "title " * 12)
    PostFactory(thread=thread, number=2, body="https://example.org/" + "x" * 120)
    PracticeFactory(
        title="Bakery apprenticeships", slug="bakery", areas=["employment"],
        countries=["IT", "BA", "RS"], languages=["it", "bs"],
    )  # fmt: skip
    UserFactory(username="reader_ben")
    server = daphne_servers.start()
    server.thread_url = thread.get_absolute_url()
    return server


def _check(page, url):
    page.goto(url)
    wide = page.evaluate(WIDEST)
    assert page.evaluate(TOO_WIDE) <= 0, f"{url} scrolls sideways: {wide}"
    assert page.evaluate(SMALL_TARGETS) == [], url


def test_no_page_scrolls_sideways_at_320_px(site, new_page):
    page = new_page()
    page.set_viewport_size(NARROW)
    base = site.url
    for path in (
        "/",
        "/c/general/",
        f"{site.thread_url}?page=1",
        "/exchange/",
        "/exchange/bakery/",
        "/accounts/login/",
        "/accounts/signup/",
        "/help/",
        "/nowhere/",
    ):
        _check(page, base + path)
    log_in(page, base, "reader_ben")
    for path in ("/", f"{site.thread_url}?page=1", "/accounts/settings/"):
        _check(page, base + path)


def test_the_exchange_filters_are_folded_until_opened_without_script(site, browser):
    context = browser.new_context(java_script_enabled=False, viewport=NARROW)
    try:
        page = context.new_page()
        page.goto(f"{site.url}/exchange/")
        # About 2,900 px down with the panel unfolded; about 900 px folded.
        first_result = page.locator(".practice-card").first.bounding_box()
        assert first_result["y"] < 1000
        page.get_by_text("Filters", exact=True).click()
        area = page.get_by_role("group", name="Area")
        area.get_by_label("Employment").check()
        page.get_by_role("button", name="Apply filters").click()
        assert "area=employment" in page.url
        # Open again after filtering: the applied filter stays in view.
        assert page.locator("details.filter-disclosure[open]").count() == 1
    finally:
        context.close()


def test_motion_is_off_for_readers_who_ask(site, browser):
    context = browser.new_context(reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto(f"{site.url}/")
        duration = page.evaluate(
            "getComputedStyle(document.querySelector('a')).transitionDuration"
        )
        assert duration in ("0s", "")
    finally:
        context.close()
