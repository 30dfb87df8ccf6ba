import pytest
from playwright.sync_api import expect

from forum.models import CategoryVisibility
from forum.services import thread_create
from tests.factories import CategoryFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_visitor_searches_from_the_header_with_the_keyboard_and_filters(
    daphne_servers, new_page, settings
):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    author = UserFactory(username="writer_wanda")
    public = CategoryFactory(name="Employment", slug="employment")
    thread = thread_create(
        category=public, by=author, title="Bakery jobs", body="An <em>oven</em> shift."
    )
    thread_create(
        category=CategoryFactory(slug="inner", visibility=CategoryVisibility.MEMBERS),
        by=author,
        title="Bakery in the members' room",
        body="Private.",
    )
    site = daphne_servers.start()
    page = new_page()
    errors: list[str] = []
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(message.text),
    )
    page.goto(f"{site.url}/help/")

    header = page.get_by_role("search", name="Search the site")
    box = header.get_by_label("Search")
    box.focus()
    page.keyboard.type("bakery")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Search")
    hits = page.locator(".search-hit")
    expect(hits).to_have_count(1)
    expect(hits.get_by_role("link")).to_have_attribute(
        "href", thread.get_absolute_url()
    )
    expect(hits.locator("mark").first).to_have_text("Bakery")
    # The body's markup is shown as typed, never rendered.
    expect(hits.locator(".search-snippet")).to_contain_text("<em>oven</em>")

    # The filter form works without JavaScript: a plain GET keeps the query.
    filters = page.get_by_role("search", name="Search and filters")
    filters.get_by_label("Order").select_option("newest")
    filters.get_by_role("button", name="Search").click()
    expect(page).to_have_url(
        f"{site.url}/search/?q=bakery&type=&category=&tag=&author=&org=&lang=&from=&to=&sort=newest"
    )
    expect(page.locator(".search-hit")).to_have_count(1)
    expect(filters.get_by_label("Search for")).to_have_value("bakery")
    # Script errors only: a missing static file is the accessibility audit's concern.
    assert [error for error in errors if "Failed to load resource" not in error] == []
