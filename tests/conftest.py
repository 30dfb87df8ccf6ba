import pytest

from accounts.models import MembershipRole
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and throttles live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    return UserFactory(username="member_one")


@pytest.fixture
def other_member(db):
    return UserFactory(username="member_two")


@pytest.fixture
def moderator(db):
    return UserFactory(username="moderator_one", is_moderator=True)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin_one", is_superuser=True, is_staff=True)


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def org_editor(db, organisation):
    editor = UserFactory(username="editor_one")
    MembershipFactory(
        user=editor, organisation=organisation, role=MembershipRole.EDITOR
    )
    return editor
