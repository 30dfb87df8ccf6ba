import io

import pytest

from accounts import demo as accounts_demo
from exchange import demo as exchange_demo
from exchange import privacy
from exchange.models import ImplementationExperience, Practice, PracticeRevision
from exchange.selectors import practice_experiences
from exchange.services import practice_update
from forum import demo as forum_demo
from tests.exchange.factories import ExperienceFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def seed_all():
    out = io.StringIO()
    for module in (accounts_demo, forum_demo, exchange_demo):
        module.seed(stdout=out)
    return out.getvalue()


def test_demo_seeds_write_ups_and_experiences_once():
    output = seed_all()
    assert "exchange: 12 write-ups and 6 implementation experiences" in output
    statuses = list(Practice.objects.values_list("status", flat=True))
    assert (
        statuses.count("published"),
        statuses.count("draft"),
        statuses.count("archived"),
    ) == (10, 1, 1)
    assert Practice.objects.values("organisation").distinct().count() == 5
    job = Practice.objects.get(title="Job coaching with local employers")
    table = practice_experiences(practice=job)
    assert (table.country_count, table.organisation_count) == (2, 2)
    # Every published write-up has an open, visible discussion.
    for practice in Practice.objects.filter(status="published"):
        assert practice.thread.post_count >= 1
    assert "exchange: 0 write-ups and 0 implementation experiences" in seed_all()
    assert Practice.objects.count() == 12
    assert ImplementationExperience.objects.count() == 6


def test_export_lists_what_the_member_wrote(org_editor, organisation, write_up):
    practice = PracticeFactory(organisation=organisation, created_by=org_editor)
    practice_update(practice=practice, by=org_editor, data=write_up, expected_version=1)
    ExperienceFactory(author=org_editor, results="It worked for us.")
    data = privacy.export_user_data(org_editor)
    assert data["write_ups_created"][0]["organisation"] == organisation.name
    assert data["write_up_revisions"][0]["version"] == 1
    assert data["implementation_experiences"][0]["results"] == "It worked for us."


@pytest.mark.parametrize("keep_posts", [True, False])
def test_erasure_keeps_write_ups_but_forgets_the_member(
    org_editor, organisation, write_up, keep_posts
):
    practice = PracticeFactory(organisation=organisation, created_by=org_editor)
    practice_update(practice=practice, by=org_editor, data=write_up, expected_version=1)
    ExperienceFactory(author=org_editor)
    privacy.erase_user_data(org_editor, keep_posts=keep_posts)
    practice.refresh_from_db()
    assert practice.created_by is None
    assert PracticeRevision.objects.get().edited_by is None
    experiences = ImplementationExperience.objects.all()
    if keep_posts:
        assert experiences.get().author is None
    else:
        assert not experiences.exists()
    assert privacy.export_user_data(org_editor) == {
        "write_ups_created": [], "write_up_revisions": [], "implementation_experiences": []
    }  # fmt: skip
