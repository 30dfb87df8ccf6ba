"""Keyboard-only use: posting, quoting, reacting, reporting, a moderator acting on a
case, and where focus goes after a live insert. No mouse is used after the page loads."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Block
from forum.models import Follow, FollowLevel, Post, Thread
from moderation.models import Case, CaseState
from moderation.services import flag_create
from tests.browser.keyboard import focused_matches, tab_to
from tests.browser.pages import log_in
from tests.factories import CategoryFactory, PostFactory, ThreadFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.live]


@pytest.fixture
def site(daphne_servers):
    return daphne_servers.start(env={"FIRST_POSTS_NEEDING_APPROVAL": "0"})


@pytest.fixture
def thread():
    category = CategoryFactory(slug="general", name="General")
    return ThreadFactory(
        category=category,
        title="Keeping busy on weekends",
        first_post="Weekends are the hardest part.",
    )


def test_a_member_replies_quotes_and_reacts_with_the_keyboard(site, new_page, thread):
    UserFactory(username="keyboard_kim")
    page = new_page()
    log_in(page, site.url, "keyboard_kim")
    page.goto(f"{site.url}{thread.get_absolute_url()}")
    first = thread.posts.get(number=1)

    tab_to(page, f"#post-{first.pk} form.reaction-form button")
    page.keyboard.press("Space")
    reaction = page.locator(f"#post-{first.pk} form.reaction-form button").first
    expect(reaction).to_have_attribute("aria-pressed", "true")

    tab_to(page, f"#post-{first.pk} a.post-quote")
    page.keyboard.press("Enter")
    reply_box = page.locator("form.reply-form textarea[name=body]")
    expect(reply_box).to_have_value(re.compile(r"^> \["))
    # The quote lands in the reply box, and the box has focus to go on typing.
    expect(reply_box).to_be_focused()
    page.keyboard.press("Control+End")
    page.keyboard.type("Same here. Walking helps me.")

    tab_to(page, "form.reply-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**#post-*")
    reply = Post.objects.get(thread=thread, number=2)
    assert "Walking helps me." in reply.body
    expect(page.locator(f"#post-{reply.pk} blockquote")).to_contain_text(
        "Weekends are the hardest part."
    )


def test_a_member_reports_a_post_with_the_keyboard(site, new_page, thread):
    UserFactory(username="keyboard_kim")
    page = new_page()
    log_in(page, site.url, "keyboard_kim")
    page.goto(f"{site.url}{thread.get_absolute_url()}")
    first = thread.posts.get(number=1)

    tab_to(page, f"#post-{first.pk} .post-actions a[href$='/flag/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/flag/")
    tab_to(page, "input[name=reason]")
    # Arrow keys move through a radio group; "spam" is the first reason.
    page.keyboard.press("ArrowDown")
    assert focused_matches(page, "input[name=reason]:checked")
    tab_to(page, "textarea[name=note]")
    page.keyboard.type("Looks like an advert.")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/thanks/**")
    assert Case.objects.filter(post=first).exists()


def test_a_moderator_claims_and_acts_on_a_case_with_the_keyboard(
    site, new_page, thread
):
    UserFactory(username="mod_mia", is_moderator=True)
    flagger = UserFactory(username="flagger_fay")
    page = new_page()
    first = thread.posts.get(number=1)
    flag_create(post=first, by=flagger, reason="spam", note="An advert")
    case = Case.objects.get(post=first)
    log_in(page, site.url, "mod_mia")
    page.goto(f"{site.url}/moderation/")

    tab_to(page, f"a[href$='/moderation/cases/{case.pk}/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/moderation/cases/{case.pk}/")
    tab_to(page, "form[action$='/claim/'] button")
    page.keyboard.press("Enter")
    expect(page.locator("form[action$='/claim/'] button")).to_have_text("Unclaim")

    # "Hide the post" is the first action; the guideline stays "none" (a choice).
    tab_to(page, "form[action$='/act/'] select[name=action]")
    assert page.locator("select[name=action]").input_value() == "hide"
    tab_to(page, "form[action$='/act/'] textarea[name=reason]")
    page.keyboard.type("Advertising is not allowed here.")
    tab_to(page, "form[action$='/act/'] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    case.refresh_from_db()
    first.refresh_from_db()
    assert case.state == CaseState.RESOLVED
    assert first.status == "hidden"


def test_focus_moves_to_a_reply_that_arrived_live(site, new_page, thread):
    UserFactory(username="reader_rea")
    UserFactory(username="writer_wes")
    for number in range(2, 16):
        PostFactory(thread=thread, number=number, body=f"Reply number {number}.")
    Thread.objects.filter(pk=thread.pk).update(post_count=15, last_post_number=15)
    reader = new_page()
    log_in(reader, site.url, "reader_rea")
    reader.goto(f"{site.url}{thread.get_absolute_url()}?page=1")

    writer = new_page()
    log_in(writer, site.url, "writer_wes")
    writer.goto(f"{site.url}{thread.get_absolute_url()}?page=1")
    writer.fill("form.reply-form textarea[name=body]", "Arrived while you read.")
    writer.locator("form.reply-form button[type=submit]").click()
    writer.wait_for_url("**#post-*")
    reply = Post.objects.get(thread=thread, body="Arrived while you read.")

    # The reader is at the top: the new reply is below the fold, so it is offered, not
    # scrolled to, and the polite live region says so once.
    expect(reader.locator("#live-status")).to_have_text("1 new reply")
    tab_to(reader, "button.live-new-replies")
    reader.keyboard.press("Enter")
    assert focused_matches(reader, f"#post-{reply.pk}")


def test_a_member_watches_a_thread_with_the_keyboard(site, new_page, thread):
    member = UserFactory(username="keyboard_kim")
    page = new_page()
    log_in(page, site.url, "keyboard_kim")
    page.goto(f"{site.url}{thread.get_absolute_url()}")
    level = page.locator("form.follow-form select[name=level]")
    expect(level).not_to_have_value("watching")

    tab_to(page, "form.follow-form select[name=level]")
    # A closed list box takes type-ahead: "w" chooses "Watching".
    page.keyboard.type("w")
    expect(level).to_have_value("watching")
    tab_to(page, "form.follow-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    follow = Follow.objects.get(user=member, thread=thread)
    assert follow.level == FollowLevel.WATCHING
    expect(page.locator(".messages")).to_contain_text("Watching")
    expect(level).to_have_value("watching")
    expect(page.locator("form.follow-form")).to_contain_text("Now: Watching.")


def test_a_member_blocks_another_from_a_post_with_the_keyboard(site, new_page, thread):
    member = UserFactory(username="keyboard_kim")
    first = thread.posts.get(number=1)
    page = new_page()
    log_in(page, site.url, "keyboard_kim")
    page.goto(f"{site.url}{thread.get_absolute_url()}")

    tab_to(page, f"#post-{first.pk} a.post-block")
    page.keyboard.press("Enter")
    page.wait_for_url("**/block/**")
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert Block.objects.filter(blocker=member, blocked=first.author).exists()
    expect(page.locator(".messages")).to_contain_text("You blocked")


# The page's live regions: explicit aria-live, and the roles that are live by default.
LIVE_REGIONS = """() => [...document.querySelectorAll(
  "[aria-live]:not([aria-live=off]), [role=status], [role=log], [role=alert]"
)].map(e => `${e.id}:${e.getAttribute("aria-live") || e.getAttribute("role")}`)"""


def test_live_updates_are_announced_in_one_polite_region_and_typing_is_not(
    site, new_page, thread
):
    UserFactory(username="reader_rea")
    UserFactory(username="writer_wes")
    reader = new_page()
    log_in(reader, site.url, "reader_rea")
    reader.goto(f"{site.url}{thread.get_absolute_url()}?page=1")
    writer = new_page()
    log_in(writer, site.url, "writer_wes")
    writer.goto(f"{site.url}{thread.get_absolute_url()}?page=1")
    expect(reader.locator(".live-presence")).to_contain_text("reading")

    writer.locator("form.reply-form textarea[name=body]").press_sequentially("Typing")
    typing = reader.locator(".live-typing")
    expect(typing).to_contain_text("is typing")
    # The indicator is shown, never announced: it is in no live region.
    assert typing.evaluate(
        "e => !e.closest('[aria-live], [role=status], [role=log], [role=alert]')"
    )

    writer.locator("form.reply-form button[type=submit]").click()
    writer.wait_for_url("**#post-*")
    reply = Post.objects.get(thread=thread, number=2)
    expect(reader.locator(f"#post-{reply.pk}")).to_be_attached()
    expect(reader.locator("#live-status")).to_have_text("1 new reply")
    assert reader.evaluate(LIVE_REGIONS) == ["live-status:polite"]
    assert not reader.locator(f"#post-{reply.pk}").evaluate(
        "e => e.closest('[aria-live]')"
    )
