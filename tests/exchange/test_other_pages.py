"""What the exchange gives pages that combine apps: an organisation's write-ups, a tag's."""

import pytest

from exchange.selectors import practices_for_organisation, practices_tagged
from tests.exchange.factories import PracticeFactory

pytestmark = pytest.mark.django_db


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
