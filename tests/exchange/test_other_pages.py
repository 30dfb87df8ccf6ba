"""The exchange's sections on other apps' pages: /o/<slug>/ and /tags/<tag>/."""

import pytest

from exchange.selectors import practices_for_organisation, practices_tagged
from tests.exchange.factories import ExperienceFactory, PracticeFactory
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db


def test_organisation_page_lists_write_ups_and_experiences(
    client, organisation, org_editor, other_organisation
):
    PracticeFactory(organisation=organisation, title="Open kitchen")
    PracticeFactory(
        organisation=organisation,
        title="Unfinished plan",
        status="draft",
        published_at=None,
    )
    elsewhere = PracticeFactory(
        organisation=other_organisation, title="Street outreach"
    )
    ExperienceFactory(practice=elsewhere, organisation=organisation, country="PT")
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Open kitchen" in html
    assert "Unfinished plan" not in html
    assert "Street outreach" in html and "Portugal" in html
    client.force_login(org_editor)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Unfinished plan" in html


def test_organisation_selector_keeps_drafts_for_editors(
    organisation, org_editor, member
):
    PracticeFactory(organisation=organisation, status="draft", published_at=None)
    assert practices_for_organisation(organisation, member).drafts == []
    assert len(practices_for_organisation(organisation, org_editor).drafts) == 1


def test_tagged_write_ups_are_the_published_ones(organisation):
    PracticeFactory(title="Tagged", tags=["women"])
    PracticeFactory(title="Draft", tags=["women"], status="draft", published_at=None)
    PracticeFactory(title="Other", tags=["men"])
    assert [p.title for p in practices_tagged("women")] == ["Tagged"]


def test_tag_page_lists_threads_and_write_ups(client):
    PracticeFactory(title="Women's housing project", tags=["women"])
    ThreadFactory(title="A thread about women").tags.set(["women"])
    html = client.get("/tags/women/").content.decode()
    assert "Women&#x27;s housing project" in html
    assert "A thread about women" in html


def test_a_tag_used_only_by_write_ups_has_a_page(client):
    PracticeFactory(title="Apprenticeships", tags=["apprenticeships"])
    PracticeFactory(
        title="Hidden draft", tags=["drafty"], status="draft", published_at=None
    )
    response = client.get("/tags/apprenticeships/")
    assert response.status_code == 200
    assert "Apprenticeships" in response.content.decode()
    assert client.get("/tags/drafty/").status_code == 404


@pytest.mark.parametrize("count", [5, 40])
def test_home_shows_the_latest_write_ups_in_fixed_queries(
    client, count, django_assert_max_num_queries
):
    for index in range(count):
        practice = PracticeFactory(title=f"Write-up {index}", tags=["women"])
        if index >= count - 5:
            ExperienceFactory(practice=practice, organisation=practice.organisation)
    # Session-less visitor: categories, threads, and four for the write-ups (list,
    # facets, tags, implementation counts).
    with django_assert_max_num_queries(7):
        html = client.get("/").content.decode()
    assert f"Write-up {count - 1}" in html
    assert html.count('class="card practice-card"') == 5
