from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from forum.models import Post
from tests.browser.test_live_thread import in_own_connection, signed_in_page
from tests.factories import UserFactory
from tests.voice.conftest import make_statement

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_a_paragraph_comment_appears_live_in_a_second_browser(
    daphne_servers, new_page, settings
):
    # The consultation threads are the staff member's first posts: publish them at once.
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    server = daphne_servers.start(env={"FIRST_POSTS_NEEDING_APPROVAL": "0"})
    staff = UserFactory(username="staff_writer", is_network_staff=True)
    # Services wake the channel layer after commit: outside Playwright's event loop.
    with ThreadPoolExecutor(1) as pool:
        statement = pool.submit(
            in_own_connection(make_statement), by=staff, status="consultation"
        ).result()
    paragraph = statement.paragraphs.get(key="p2")
    writer = signed_in_page(new_page, server, UserFactory(username="commenter"))
    reader = signed_in_page(new_page, server, UserFactory(username="reader"))

    reader.goto(server.url + statement.get_absolute_url())
    reader.get_by_role("link", name="0 comments · 0 amendments on paragraph 2").click()
    expect(reader.locator("h1")).to_have_text("Paragraph 2")
    expect(reader.locator(".live-presence")).to_contain_text("reading")

    writer.goto(server.url + paragraph.get_absolute_url())
    writer.locator(".reply-form textarea[name=body]").fill(
        "Name the *ministries* here."
    )
    writer.get_by_role("button", name="Post reply").click()
    writer.wait_for_url("**#post-*")

    comment = Post.objects.get(thread=paragraph.thread, number=2)
    expect(reader.locator(f"#post-{comment.pk} .prose em")).to_have_text("ministries")
    expect(reader.locator("#live-status")).to_have_text("1 new reply")

    reader.goto(server.url + statement.get_absolute_url())
    expect(
        reader.locator(f"#{paragraph.anchor} .paragraph-consultation")
    ).to_contain_text("1 comment")
