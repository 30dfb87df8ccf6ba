"""A write-up and an implementation experience record the language they are in."""

import pytest

from exchange.models import ImplementationExperience, Practice
from exchange.services import (
    experience_create,
    practice_create,
    practice_publish,
    practice_update,
)

pytestmark = pytest.mark.django_db

EXPERIENCE = {
    "country": "ES",
    "period": "2024–2025",
    "adapted": "Una cucina invece di un forno.",
    "results": "Sei su otto hanno trovato lavoro.",
    "recommendation": "yes",
}


def test_a_write_up_and_its_discussion_are_in_the_editors_language(
    org_editor, organisation, write_up
):
    org_editor.preferred_language = "it"
    org_editor.save()
    practice = practice_create(organisation=organisation, by=org_editor, data=write_up)
    assert practice.language == "it"
    practice = practice_publish(practice=practice, by=org_editor)
    assert practice.thread.posts.get(number=1).language == "it"


def test_an_editor_changes_a_write_ups_language_and_the_revision_records_it(
    org_editor, organisation, write_up
):
    practice = practice_create(organisation=organisation, by=org_editor, data=write_up)
    assert practice.language == "en"
    practice = practice_update(
        practice=practice, by=org_editor, data={**write_up, "language": "bs"},
        expected_version=1,
    )  # fmt: skip
    assert Practice.objects.get(pk=practice.pk).language == "bs"
    revision = practice.revisions.get()
    assert revision.changed_fields == ["language"]
    assert revision.content["language"] == "en"


def test_an_experience_and_its_reply_share_the_chosen_language(
    org_editor, organisation, write_up, other_org_member, other_organisation
):
    practice = practice_create(organisation=organisation, by=org_editor, data=write_up)
    practice = practice_publish(practice=practice, by=org_editor)
    experience = experience_create(
        practice=practice, by=other_org_member, organisation=other_organisation,
        language="it", **EXPERIENCE,
    )  # fmt: skip
    experience = ImplementationExperience.objects.get(pk=experience.pk)
    assert experience.language == "it"
    assert experience.post.language == "it"


@pytest.fixture(autouse=True)
def _no_approval(settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
