import pytest

from accounts.models import MembershipRole
from tests.exchange.factories import WRITE_UP
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


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
