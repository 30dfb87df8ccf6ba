import pytest
from channels.db import database_sync_to_async
from django.core.exceptions import PermissionDenied

from forum.models import Category, CategoryVisibility
from forum.services import category_for_app, category_save
from tests.factories import CategoryFactory, ThreadFactory, UserFactory


@pytest.mark.django_db
def test_a_visibility_change_wakes_the_category_sockets(
    admin_user, django_capture_on_commit_callbacks
):
    category = CategoryFactory()
    category.visibility = CategoryVisibility.MEMBERS
    with django_capture_on_commit_callbacks() as callbacks:
        category_save(category=category, by=admin_user)
    assert len(callbacks) == 1
    category.name = "Renamed"
    with django_capture_on_commit_callbacks() as callbacks:
        category_save(category=category, by=admin_user)
    assert callbacks == []
    assert Category.objects.get(pk=category.pk).visibility == "members"


@pytest.mark.django_db
def test_a_moderator_cannot_change_a_category(moderator):
    category = CategoryFactory()
    category.visibility = CategoryVisibility.MEMBERS
    with pytest.raises(PermissionDenied):
        category_save(category=category, by=moderator)
    assert Category.objects.get(pk=category.pk).visibility == "public"


@pytest.mark.django_db
def test_the_admin_changelist_saves_through_the_service(
    client, admin_user, django_capture_on_commit_callbacks
):
    category = CategoryFactory(position=3)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            "/admin/forum/category/",
            {
                "form-TOTAL_FORMS": "1",
                "form-INITIAL_FORMS": "1",
                "form-0-id": str(category.pk),
                "form-0-position": "3",
                "form-0-visibility": "members",
                "_save": "Save",
            },
        )
    assert response.status_code == 302
    assert Category.objects.get(pk=category.pk).visibility == "members"
    assert len(callbacks) == 1


@pytest.mark.django_db(transaction=True)
async def test_making_a_category_members_only_closes_anonymous_sockets(open_socket):
    thread = await database_sync_to_async(ThreadFactory)()
    admin = await database_sync_to_async(UserFactory)(is_superuser=True, is_staff=True)
    socket = await open_socket(f"/ws/t/{thread.pk}/", ready=True)
    category = thread.category
    category.visibility = CategoryVisibility.MEMBERS
    await database_sync_to_async(category_save)(category=category, by=admin)
    assert await socket.closed_with() == 4403


@pytest.mark.django_db
def test_an_apps_category_is_created_once_and_keeps_an_admins_edits(admin_user):
    first = category_for_app(
        slug="exchange",
        name="Exchange",
        description="Discussions.",
        visibility="public",
        position=100,
    )
    first.name = "Practice exchange"
    category_save(category=first, by=admin_user)
    again = category_for_app(
        slug="exchange",
        name="Exchange",
        description="Discussions.",
        visibility="public",
        position=100,
    )
    assert again.pk == first.pk
    assert again.name == "Practice exchange"
