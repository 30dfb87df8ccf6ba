import pytest

from accounts.models import MembershipRole
from exchange.models import Practice
from exchange.services import practice_create, practice_publish
from tests.concurrency import run_concurrently
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

WRITERS = 4


@pytest.mark.django_db(transaction=True)
def test_write_ups_with_one_title_published_at_once_get_distinct_slugs(
    write_up, settings
):
    """Nothing locks a slug that is not taken yet: the unique constraint decides, and
    the loser takes the next free one instead of failing."""
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    editors = []
    for n in range(WRITERS):
        editor = UserFactory()
        MembershipFactory(
            user=editor,
            organisation=OrganisationFactory(slug=f"org-{n}"),
            role=MembershipRole.EDITOR,
        )
        editors.append(editor)

    def publisher(editor):
        organisation = editor.memberships.get().organisation

        def publish():
            draft = practice_create(organisation=organisation, by=editor, data=write_up)
            return practice_publish(practice=draft, by=editor)

        return publish

    published = run_concurrently([publisher(editor) for editor in editors])
    slugs = sorted(practice.slug for practice in published)
    base = slugs[0]
    assert slugs == [base] + [f"{base}-{n}" for n in range(2, WRITERS + 1)]
    assert Practice.objects.filter(status="published").count() == WRITERS
