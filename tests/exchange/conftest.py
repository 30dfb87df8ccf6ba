import pytest

from accounts.models import MembershipRole
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

WRITE_UP = {
    "title": "Bakery apprenticeships",
    "summary": "Paid apprenticeships in a community bakery for residents.",
    "areas": ["employment", "education"],
    "target_group": "Residents in the last phase of treatment",
    "tags": ["young adults", "women"],
    "settings": ["residential_community"],
    "countries": ["IT"],
    "languages": ["it", "en"],
    "approach": "Residents **bake** three mornings a week.",
    "objectives": "Skills and a reference.",
    "indicators": "Hours worked.",
    "outcomes": "Eight of ten found work.",
    "limitations": "Small numbers.",
    "evidence_level": "pre_post",
    "implementation": "Start with one baker.",
    "resources": "One master baker, half time.",
    "readiness": "manualised",
    "contact": "Ana, ana@example.org",
}


@pytest.fixture
def write_up():
    return {
        key: list(value) if isinstance(value, list) else value
        for key, value in WRITE_UP.items()
    }


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Other Fictional Group", slug="other-group")


@pytest.fixture
def other_editor(other_organisation):
    editor = UserFactory(username="editor_two")
    MembershipFactory(
        user=editor, organisation=other_organisation, role=MembershipRole.EDITOR
    )
    return editor


@pytest.fixture
def other_org_member(other_organisation):
    user = UserFactory(username="implementer")
    MembershipFactory(
        user=user, organisation=other_organisation, role=MembershipRole.MEMBER
    )
    return user
