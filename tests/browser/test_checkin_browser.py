import pytest
from playwright.sync_api import expect

from moderation.models import CheckIn
from tests.browser.pages import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_a_check_in_message_appears_live_for_the_member(live_site, new_page):
    UserFactory(username="member_in_recovery")
    UserFactory(username="mod_sara", is_moderator=True)
    base = live_site.url

    # The moderator opens a check-in, by the keyboard-reachable form, with a reason.
    sara = new_page()
    log_in(sara, base, "mod_sara")
    sara.goto(f"{base}/checkins/new/?member=member_in_recovery")
    sara.get_by_label("Why are you opening this check-in?").fill(
        "Their post worried me."
    )
    sara.get_by_role("button", name="Open the check-in").click()
    expect(sara.locator("h1")).to_have_text("Private check-in")
    checkin = CheckIn.objects.get()

    # The member has it open; the live socket is connected before anything is sent.
    member = new_page()
    log_in(member, base, "member_in_recovery")
    member.goto(f"{base}{checkin.get_absolute_url()}")
    messages = member.locator("#checkin-messages")
    expect(messages).to_have_attribute("aria-live", "polite")
    expect(member.locator("#unread-count [data-unread-count]")).to_have_text("1")

    sara.get_by_label("Your message").fill("How are you **today**?")
    sara.get_by_role("button", name="Send").click()

    # Without a reload: the message arrives rendered, and the count goes up.
    expect(messages.locator(".checkin-message .prose strong")).to_have_text("today")
    expect(messages).to_contain_text("mod_sara")
    expect(member.locator("#unread-count [data-unread-count]")).to_have_text("2")

    # The member replies through the form; the moderator sees it live too.
    member.get_by_label("Your message").fill("Better, thank you.")
    member.get_by_role("button", name="Send").click()
    expect(sara.locator("#checkin-messages")).to_contain_text("Better, thank you.")
