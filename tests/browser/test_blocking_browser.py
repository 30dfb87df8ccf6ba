"""Blocking in the browser: a blocked member's live reply arrives collapsed, opens with
one click, and the unblocked reader's copy of the same broadcast does not collapse."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.models import Block
from forum.models import Post
from tests.factories import ThreadFactory, UserFactory
from tests.live.clients import session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.live]

SERVER_ENV = {"FIRST_POSTS_NEEDING_APPROVAL": "0"}
COLLAPSED = "Post from a member you blocked"


def signed_in_page(new_page, server, user):
    page = new_page()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_cookie(user),
                "url": server.url,
            }
        ]
    )
    return page


def test_a_blocked_members_live_reply_arrives_collapsed(daphne_servers, new_page):
    server = daphne_servers.start(env=SERVER_ENV)
    blocker = UserFactory(username="blocker")
    blocked = UserFactory(username="blocked_one")
    thread = ThreadFactory(author=blocked)
    first = thread.posts.get()

    # The blocker blocks from the post itself, with the keyboard, no script needed.
    page = signed_in_page(new_page, server, blocker)
    page.goto(server.url + thread.get_absolute_url() + "?page=1")
    page.locator(f"#post-{first.pk} a.post-block").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Block").click()
    expect(page.locator(".messages")).to_contain_text("You blocked blocked_one")
    assert Block.objects.filter(blocker=blocker, blocked=blocked).exists()

    # Back on the thread: the post is a collapsed row with a one-click reveal.
    page.goto(server.url + thread.get_absolute_url() + "?page=1")
    row = page.locator(f"#post-{first.pk} details.post-blocked")
    expect(row.locator("summary")).to_contain_text(COLLAPSED)
    expect(page.locator(f"#post-{first.pk} .prose")).not_to_be_visible()

    bystander = signed_in_page(new_page, server, UserFactory(username="bystander"))
    bystander.goto(server.url + thread.get_absolute_url() + "?page=1")
    for reader in (page, bystander):
        expect(reader.locator(".live-presence")).to_contain_text("reading")

    # The blocked member replies; both readers get the same broadcast.
    writer = signed_in_page(new_page, server, blocked)
    writer.goto(server.url + thread.get_absolute_url())
    writer.locator(".reply-form textarea[name=body]").fill("A live reply")
    writer.get_by_role("button", name="Post reply").click()
    writer.wait_for_url("**#post-*")
    reply = Post.objects.get(thread=thread, body="A live reply")

    live = page.locator(f"#post-{reply.pk}")
    expect(live.locator("details.post-blocked summary")).to_contain_text(COLLAPSED)
    expect(live.locator(".prose")).not_to_be_visible()
    live.locator("details.post-blocked summary").click()
    expect(live.locator(".prose")).to_have_text("A live reply")

    seen = bystander.locator(f"#post-{reply.pk}")
    expect(seen.locator(".prose")).to_have_text("A live reply")
    expect(seen.locator("details.post-blocked")).to_have_count(0)
