import re

import pytest
from playwright.sync_api import expect

from accounts.models import MembershipRole
from exchange.models import ImplementationExperience, Practice
from tests.browser.pages import log_in
from tests.exchange.factories import PracticeFactory
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_editor_publishes_and_another_organisation_finds_compares_and_reports(
    daphne_servers, new_page
):
    bakery_org = OrganisationFactory(name="Sentiero Fittizio", slug="sentiero")
    MembershipFactory(
        user=UserFactory(username="editor_eva"),
        organisation=bakery_org,
        role=MembershipRole.EDITOR,
    )
    kitchen_org = OrganisationFactory(
        name="Camino Ficticio", slug="camino", country="ES"
    )
    MembershipFactory(
        user=UserFactory(username="member_marco"), organisation=kitchen_org
    )
    PracticeFactory(
        title="Job coaching with employers", slug="job-coaching",
        organisation=kitchen_org, areas=["employment"], countries=["IT", "ES"],
    )  # fmt: skip
    PracticeFactory(title="Housing first", areas=["housing"], countries=["IT"])
    # The approval of first posts is the moderation issue's; publish at once here.
    site = daphne_servers.start(env={"FIRST_POSTS_NEEDING_APPROVAL": "0"})
    base = site.url

    # An editor writes a draft, previews it and publishes it.
    eva = new_page()
    log_in(eva, base, "editor_eva")
    eva.goto(f"{base}/exchange/")
    eva.get_by_role("link", name="Write up a programme").click()
    eva.get_by_label("Title").fill("Bakery apprenticeships")
    eva.get_by_label("Summary").fill("Paid apprenticeships in a community bakery.")
    eva.get_by_role("group", name="Areas").get_by_label("Employment").check()
    eva.get_by_label("Tags").fill("Young adults, apprenticeships")
    eva.get_by_role("group", name="Settings").get_by_label(
        "Residential community"
    ).check()
    eva.get_by_role("group", name="Countries where it runs").get_by_label(
        "Italy"
    ).check()
    eva.get_by_label("Approach").fill("Residents **bake** three mornings a week.")
    eva.get_by_label("Before/after measurement").check()
    eva.get_by_label("Manualised (manual and training available)").check()
    eva.get_by_label("Contact").fill("Eva, eva@example.org")
    eva.get_by_role("button", name="Save draft and preview").click()
    expect(eva.locator("h1")).to_have_text("Bakery apprenticeships")
    expect(eva.get_by_text("Preview of a draft.")).to_be_visible()
    expect(eva.locator(".prose strong")).to_have_text("bake")
    eva.get_by_role("button", name="Publish", exact=True).click()
    expect(eva.get_by_text("The write-up is published")).to_be_visible()
    expect(eva.locator("#posts > li.post")).to_have_count(1)
    practice = Practice.objects.get(title="Bakery apprenticeships")
    assert practice.is_published and practice.thread_id

    # A member of another organisation finds it through the filters...
    marco = new_page()
    log_in(marco, base, "member_marco")
    marco.goto(f"{base}/exchange/")
    filters = marco.get_by_role("search", name="Filter write-ups")
    # At any width the facets are folded behind "Filters" until opened.
    filters.get_by_text("Filters", exact=True).click()
    filters.get_by_role("group", name="Area").get_by_label(
        re.compile("Employment")
    ).check()
    filters.get_by_role("group", name="Country").get_by_label(
        re.compile("Italy")
    ).check()
    filters.get_by_role("group", name="Readiness").get_by_label(
        re.compile("Manualised")
    ).check()
    filters.get_by_role("button", name="Apply filters").click()
    expect(marco.locator("#results-heading")).to_have_text("1 write-up")
    assert "readiness=manualised" in marco.url
    expect(marco.locator(".practice-card h3 a")).to_have_text(
        ["Bakery apprenticeships"]
    )
    # ...loosens them (the count next to each option says what it would give)...
    marco.get_by_role("link", name=re.compile("Readiness: Manualised")).click()
    expect(marco.locator("#results-heading")).to_have_text("2 write-ups")
    # ...compares the two...
    marco.get_by_role("checkbox", name="Compare Bakery apprenticeships").check()
    marco.get_by_role("checkbox", name="Compare Job coaching with employers").check()
    marco.get_by_role("button", name="Compare selected").click()
    expect(marco.locator("h1")).to_have_text("Compare write-ups")
    expect(marco.locator(".compare-table thead th")).to_have_text(
        ["Bakery apprenticeships", "Job coaching with employers"]
    )
    expect(marco.locator(".compare-table")).to_contain_text("Before/after measurement")

    # ...and reports an implementation, which reaches the editor's open page live.
    marco.get_by_role("link", name="Bakery apprenticeships").click()
    expect(marco.get_by_text("Eva, eva@example.org")).to_be_visible()
    marco.get_by_text("We implemented this: share your experience").click()
    form = marco.locator(".experience-form form")
    form.get_by_label("Organisation").select_option(label="Camino Ficticio")
    form.get_by_label("Country").select_option("ES")
    form.get_by_label("Period").fill("2024–2025")
    form.get_by_label("What was adapted").fill("A kitchen instead of a bakery.")
    form.get_by_label("Results").fill("Six of eight found work.")
    form.get_by_label("With changes").check()
    form.get_by_role("button", name="Post implementation experience").click()
    expect(marco.locator(".experience-summary")).to_have_text(
        re.compile(r"Implemented in 1 country\s+by 1 organisation")
    )
    expect(marco.locator("#experiences table tbody tr")).to_have_count(1)
    expect(marco.locator("#experiences table")).to_contain_text(
        "Six of eight found work."
    )
    expect(eva.locator("#posts > li.post")).to_have_count(2)
    expect(eva.locator("#posts > li.post").nth(1)).to_contain_text(
        "A kitchen instead of a bakery."
    )
    assert ImplementationExperience.objects.get().organisation == kitchen_org
