import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import log_in
from tests.factories import UserFactory
from voice.models import Story

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_a_story_is_hinted_sent_approved_read_and_withdrawn(daphne_servers, new_page):
    UserFactory(username="teller")
    UserFactory(username="mod_mia", is_moderator=True)
    base = daphne_servers.start().url

    # The member types; a hint about the phone number appears without a click.
    teller = new_page()
    log_in(teller, base, "teller")
    teller.goto(f"{base}/stories/")
    teller.get_by_role("link", name="Share your story").click()
    teller.get_by_label("Title").fill("Cooking again")
    teller.get_by_label("Your story").fill("Call me on +39 333 123 4567 to taste.")
    hints = teller.locator("#story-live-hints")
    expect(hints).to_contain_text("a phone number")
    # The hint never blocks: the member sends it as it is.
    teller.get_by_role("group", name="What the story is about").get_by_label(
        "Health"
    ).check()
    teller.get_by_label(re.compile("I agree that")).check()
    teller.get_by_role("button", name="Send for review").click()
    expect(teller.locator(".messages")).to_contain_text("A moderator will read it")
    story = Story.objects.get()

    # A moderator approves it from the approval queue.
    mia = new_page()
    log_in(mia, base, "mod_mia")
    mia.goto(f"{base}/moderation/approval/")
    row = mia.locator(f"#review-voice-story-{story.pk}")
    expect(row).to_contain_text("Cooking again")
    row.get_by_label("Approve and publish").check()
    row.get_by_role("button", name="Decide").click()
    expect(mia.locator(".messages")).to_contain_text("Decision saved")

    # Anyone reads it; its author withdraws it and its page is gone at once.
    reader = new_page()
    reader.goto(f"{base}/stories/")
    reader.get_by_role("link", name="Cooking again").click()
    expect(reader.locator("h1")).to_have_text("Cooking again")
    teller.goto(f"{base}/stories/mine/")
    teller.get_by_role("button", name="Withdraw “Cooking again”").click()
    expect(teller.locator(".messages")).to_contain_text("withdrawn")
    response = reader.reload()
    assert response.status == 410
    expect(reader.locator("h1")).to_have_text("This story was withdrawn")
