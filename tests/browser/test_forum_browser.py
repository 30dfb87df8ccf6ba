import re

import pytest
from playwright.sync_api import expect

from forum.models import Post, Thread
from tests.browser.pages import log_in
from tests.factories import CategoryFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_start_reply_quote_react_and_edit_a_thread(daphne_servers, new_page):
    CategoryFactory(slug="general", name="General")
    UserFactory(username="author_anna")
    UserFactory(username="reader_ben")
    # The approval of first posts is the moderation issue's; publish at once here.
    site = daphne_servers.start(env={"FIRST_POSTS_NEEDING_APPROVAL": "0"})
    run_flow(site.url, new_page)


def run_flow(base, new_page):
    anna = new_page()
    log_in(anna, base, "author_anna")

    anna.goto(f"{base}/c/general/new/")
    anna.fill("input[name=title]", "A hard week")
    anna.fill("textarea[name=body]", "I almost *went back* this week.")
    anna.fill("input[name=tags]", "Relapse")
    anna.select_option("select[name=content_warning]", "relapse")
    anna.get_by_role("button", name="Start thread").click()
    expect(anna.locator("h1")).to_have_text("A hard week")
    expect(anna.locator(".tag-list a.tag")).to_have_text("relapse")
    warning = anna.locator("details.content-warning")
    expect(warning).not_to_have_attribute("open", "")
    expect(warning.locator(".prose")).not_to_be_visible()
    warning.locator("summary").click()
    expect(warning.locator(".prose em")).to_have_text("went back")

    anna.fill("textarea[name=body]", "Writing it down helped.")
    anna.get_by_role("button", name="Post reply").click()
    expect(anna.locator("#posts > li.post")).to_have_count(2)
    expect(anna.locator("#posts > li.post").nth(1)).to_contain_text(
        "Writing it down helped."
    )

    thread = Thread.objects.get(title="A hard week")
    first = thread.posts.get(number=1)
    ben = new_page()
    log_in(ben, base, "reader_ben")
    ben.goto(f"{base}{thread.get_absolute_url()}")
    first_post = ben.locator(f"#post-{first.pk}")
    support = first_post.locator("form.reaction-form button").first
    expect(support).to_have_attribute("aria-pressed", "false")
    url_before = ben.url
    support.click()
    expect(first_post.locator("form.reaction-form button").first).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(first_post.locator(".reaction-count").first).to_have_text("1")
    assert ben.url == url_before

    first_post.get_by_role("link", name="Quote").click()
    reply_box = ben.locator("textarea[name=body]")
    expect(reply_box).to_have_value(
        re.compile(r"^> \[author_anna wrote \(#1\):\]\(/p/\d+/\)")
    )
    reply_box.press("End")
    reply_box.type("You are not alone.")
    ben.get_by_role("button", name="Post reply").click()
    quoting = ben.locator("#posts > li.post").nth(2)
    expect(quoting.locator("blockquote")).to_contain_text("I almost went back")
    expect(quoting).to_contain_text("You are not alone.")

    reply = thread.posts.get(number=2)
    anna.goto(f"{base}/p/{reply.pk}/")
    anna.locator(f"#post-{reply.pk}").get_by_role("link", name="Edit").click()
    anna.fill("textarea[name=body]", "Writing it down helped. Thank you all.")
    anna.get_by_role("button", name="Save").click()
    edited = anna.locator(f"#post-{reply.pk}")
    expect(edited).to_contain_text("Thank you all.")
    expect(edited).to_contain_text("edited")
    assert Post.objects.get(pk=reply.pk).version == 2
