"""The exchange's sections on other apps' pages: /o/<slug>/ and /tags/<tag>/."""

import pytest

from exchange.selectors import practices_for_organisation, practices_tagged
from tests.exchange.factories import ExperienceFactory, PracticeFactory

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
    assert [p.title for p in practices_tagged("women", None)] == ["Tagged"]
