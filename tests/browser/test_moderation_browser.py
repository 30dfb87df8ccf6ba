import re

import pytest
from playwright.sync_api import expect

from forum.services.counters import thread_counters_refresh
from moderation.models import Case, CrisisResource
from tests.browser.pages import log_in
from tests.factories import PostFactory, ThreadFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_harm_flag_reaches_the_live_queue_and_the_author_gets_the_statement(
    live_site, new_page
):
    author = UserFactory(username="worried_about", country="IT")
    UserFactory(username="caring_friend")
    UserFactory(username="mod_maria", is_moderator=True)
    thread = ThreadFactory(title="Hard days")
    post = PostFactory(
        thread=thread, number=2, author=author, body="I can't do this any more."
    )
    thread.last_post_number = 2
    thread.save(update_fields=["last_post_number"])
    thread_counters_refresh(thread)
    # Seeded by a migration; created here too because transactional tests flush tables.
    CrisisResource.objects.get_or_create(
        country="EU", name="European emergency number", defaults={"phone": "112"}
    )
    base = live_site.url

    # A moderator has the queue open; it is live.
    maria = new_page()
    log_in(maria, base, "mod_maria")
    maria.goto(f"{base}/moderation/")
    expect(maria.locator("#case-list")).to_have_attribute("data-connected", "1")
    expect(maria.locator("#case-list > li")).to_have_count(0)

    # A member flags the post as "someone may be at risk", by keyboard-reachable links.
    friend = new_page()
    log_in(friend, base, "caring_friend")
    friend.goto(f"{base}{thread.get_absolute_url()}")
    friend.locator(f"#post-{post.pk}").get_by_role("link", name="Report").click()
    friend.get_by_label("Someone may be at risk").check()
    friend.get_by_label("Anything the moderators should know?").fill("Worried.")
    friend.get_by_role("button", name="Send report").click()
    expect(friend.locator("h1")).to_have_text("Thank you for your report")
    resources = friend.locator(".crisis-list")
    # 112: the flagger's own country's row, or the European one (listed once).
    expect(resources).to_contain_text("mergency number")
    expect(resources).to_contain_text("112")

    # The case appears in the open queue without a reload, urgent, with an alert.
    case = Case.objects.get(post=post)
    row = maria.locator(f"#case-{case.pk}")
    expect(row).to_be_visible()
    expect(row).to_have_class(re.compile("case-urgent"))
    expect(maria.locator("#queue-alert")).to_contain_text("someone may be at risk")

    # The moderator opens it (content collapsed until shown) and hides the post.
    row.get_by_role("link").click()
    snapshot, edit_box = maria.locator("details.sensitive").all()
    expect(snapshot).not_to_have_attribute("open", "")
    expect(edit_box).not_to_have_attribute("open", "")
    snapshot.locator("summary").click()
    expect(snapshot.locator(".prose")).to_contain_text("any more")
    expect(edit_box.get_by_label("Edited text")).not_to_be_visible()
    act = maria.get_by_role("region", name="Act on the post")
    act.get_by_label("Action").select_option("hide")
    act.get_by_label("Guideline").select_option("safety")
    act.get_by_label("Reason (the member will read it)").fill(
        "Hidden to protect you; a moderator will write to you with support links."
    )
    act.get_by_role("button", name="Apply", exact=True).click()
    expect(maria.get_by_text("Done. The member has been told why.")).to_be_visible()

    # The author reads the statement of reasons: what, guideline, who, how to appeal.
    writer = new_page()
    log_in(writer, base, "worried_about")
    writer.goto(f"{base}/notices/")
    writer.get_by_role("link", name="Post hidden").click()
    expect(writer.locator("#statement-action")).to_have_text("Post hidden")
    expect(writer.locator("#statement-reason")).to_contain_text("Hidden to protect you")
    expect(writer.locator("main")).to_contain_text("Keep each other safe")
    expect(writer.locator("main")).to_contain_text("A moderator")
    expect(writer.get_by_role("button", name="Send appeal")).to_be_visible()
    expect(writer.locator("main")).not_to_contain_text("caring_friend")


def test_harm_flag_on_an_open_case_alerts_and_moves_it_to_the_top(live_site, new_page):
    UserFactory(username="caring_friend")
    UserFactory(username="mod_maria", is_moderator=True)
    thread = ThreadFactory(title="Evenings")
    posts = [
        PostFactory(thread=thread, number=number, body=f"Post {number}.")
        for number in (2, 3)
    ]
    thread.last_post_number = 3
    thread.save(update_fields=["last_post_number"])
    thread_counters_refresh(thread)
    base = live_site.url

    # Two ordinary cases, oldest first; the second one will turn out to be urgent.
    friend = new_page()
    log_in(friend, base, "caring_friend")
    for post in posts:
        friend.goto(f"{base}/p/{post.pk}/flag/")
        friend.get_by_label("Off topic").check()
        friend.get_by_role("button", name="Send report").click()
        expect(friend.locator("h1")).to_have_text("Thank you for your report")
    first, second = (Case.objects.get(post=post) for post in posts)

    maria = new_page()
    log_in(maria, base, "mod_maria")
    maria.goto(f"{base}/moderation/")
    expect(maria.locator("#case-list")).to_have_attribute("data-connected", "1")
    rows = maria.locator("#case-list > li")
    expect(rows).to_have_count(2)
    expect(rows.first).to_have_id(f"case-{first.pk}")

    # Someone else reports the second post as "someone may be at risk".
    other = new_page()
    UserFactory(username="second_friend")
    log_in(other, base, "second_friend")
    other.goto(f"{base}/p/{posts[1].pk}/flag/")
    other.get_by_label("Someone may be at risk").check()
    other.get_by_role("button", name="Send report").click()
    expect(other.locator("h1")).to_have_text("Thank you for your report")

    expect(rows.first).to_have_id(f"case-{second.pk}")
    expect(rows.first).to_have_class(re.compile("case-urgent"))
    expect(rows).to_have_count(2)
    expect(maria.locator("#queue-alert")).to_contain_text("someone may be at risk")
