"""Write-ups and implementation experiences in search (forum.search), on both backends."""

import pytest
from django.contrib.auth.models import AnonymousUser

from exchange.services import (
    experience_create,
    practice_archive,
    practice_create,
    practice_publish,
    practice_update,
)
from forum.search.selectors import SearchFilters, search

pytestmark = pytest.mark.django_db

ANYONE = AnonymousUser()


def _hits(text, **filters):
    return [
        (hit.kind, hit.url)
        for hit in search(
            viewer=ANYONE, text=text, filters=SearchFilters(**filters)
        ).hits
    ]


@pytest.fixture
def draft(org_editor, organisation, write_up, settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    return practice_create(organisation=organisation, by=org_editor, data=write_up)


def test_draft_is_never_found_and_a_published_write_up_is_by_every_field(
    draft, org_editor
):
    assert _hits("baker", kind="practice") == []
    practice = practice_publish(practice=draft, by=org_editor)
    url = practice.get_absolute_url()
    # Title, summary, narrative fields and resources are all searchable.
    for word in ("apprenticeships", "residents", "mornings", "baker", "half"):
        assert ("practice", url) in _hits(word, kind="practice"), word


def test_editing_reindexes_and_archiving_removes(draft, org_editor, write_up):
    practice = practice_publish(practice=draft, by=org_editor)
    practice = practice_update(
        practice=practice,
        by=org_editor,
        data={**write_up, "limitations": "Waiting lists are long."},
        expected_version=practice.version,
    )
    assert _hits("waiting", kind="practice") == [
        ("practice", practice.get_absolute_url())
    ]
    assert _hits("numbers", kind="practice") == []
    practice_archive(practice=practice, by=org_editor)
    assert _hits("waiting", kind="practice") == []


def test_tag_and_organisation_filters_find_the_write_up(
    draft, org_editor, organisation
):
    practice = practice_publish(practice=draft, by=org_editor)
    expected = [("practice", practice.get_absolute_url())]
    assert _hits("bakery", kind="practice", tag="women") == expected
    assert _hits("bakery", kind="practice", organisation=organisation.slug) == expected
    assert _hits("bakery", kind="practice", organisation="other-group") == []


def test_implementation_experience_is_found_with_its_organisation(
    draft, org_editor, other_org_member, other_organisation
):
    practice = practice_publish(practice=draft, by=org_editor)
    experience = experience_create(
        practice=practice, by=other_org_member, organisation=other_organisation,
        country="BA", period="2024", adapted="A greenhouse instead.",
        results="Four found work.", recommendation="yes",
    )  # fmt: skip
    assert _hits("greenhouse", organisation=other_organisation.slug) == [
        ("experience", experience.post.get_absolute_url())
    ]
    assert _hits("greenhouse", kind="post") == []


def test_organisations_are_found_by_name(organisation):
    results = search(viewer=ANYONE, text="fictional", filters=SearchFilters())
    assert results.organisations == [organisation]
    results = search(
        viewer=ANYONE, text="fictional -community", filters=SearchFilters()
    )
    assert results.organisations == []
