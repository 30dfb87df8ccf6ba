"""Categories another app keeps its threads in: unlisted, and only that app opens threads."""

import pytest
from django.core.exceptions import PermissionDenied

from forum.forms import ModerateThreadForm
from forum.models import PostStatus
from forum.selectors import categories_visible
from forum.services import category_for_app, thread_create, thread_create_for_app
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def app_category(db):
    return category_for_app(
        slug="kept", name="Kept", description="", visibility="public", position=5
    )


def test_an_app_category_is_not_listed_nor_offered_as_a_move_target(
    app_category, member
):
    ordinary = CategoryFactory(slug="general")
    for viewer in (None, member):
        assert list(categories_visible(viewer=viewer)) == [ordinary]
    choices = ModerateThreadForm().fields["category"].queryset
    assert list(choices) == [ordinary]


def test_a_category_made_before_the_mark_is_marked_on_next_use(db):
    CategoryFactory(slug="kept")
    assert category_for_app(
        slug="kept", name="Kept", description="", visibility="public", position=5
    ).is_app_owned


def test_members_cannot_start_threads_in_an_app_category(app_category, member, client):
    with pytest.raises(PermissionDenied):
        thread_create(category=app_category, by=member, title="Mine", body="Text")
    client.force_login(member)
    response = client.get(f"/c/{app_category.slug}/new/")
    assert response.status_code == 403
    assert "opened from the pages they discuss" in response.content.decode()
    page = client.get(f"/c/{app_category.slug}/").content.decode()
    assert f"/c/{app_category.slug}/new/" not in page


@pytest.mark.parametrize(
    ("screen_first_post", "status"),
    [(False, PostStatus.PUBLISHED), (True, PostStatus.PENDING)],
)
def test_the_app_decides_whether_its_opening_post_is_screened(
    app_category, member, settings, screen_first_post, status
):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 2
    thread = thread_create_for_app(
        category=app_category,
        by=member,
        title="A record",
        body="The record's text.",
        screen_first_post=screen_first_post,
    )
    assert thread.posts.get().status == status


def test_the_app_path_needs_an_app_category(member):
    with pytest.raises(ValueError):
        thread_create_for_app(
            category=CategoryFactory(),
            by=member,
            title="A record",
            body="Text",
            screen_first_post=False,
        )
