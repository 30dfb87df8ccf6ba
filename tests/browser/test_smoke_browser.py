import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def test_home_page_loads_in_chromium(live_site, new_page):
    UserFactory(username="visible_member")
    page = new_page()
    page.goto(live_site.url + "/")
    assert page.locator("h1").inner_text()
    assert page.locator("a.skip-link").count() == 1
