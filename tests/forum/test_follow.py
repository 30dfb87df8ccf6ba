"""Following threads, categories, tags and organisations through the pages' forms."""

import pytest
from taggit.models import Tag

from forum.models import Follow
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db


def test_thread_page_shows_the_follow_form_with_the_current_level(client, member):
    thread = ThreadFactory()
    client.force_login(member)
    response = client.get(thread.get_absolute_url() + "?page=1")
    assert f'action="/t/{thread.pk}/follow/"' in response.text
    assert '<label for="follow-level-page">' in response.text
    assert '<option value="muted">' in response.text
    assert "Now: Normal." in response.text


def test_muting_a_thread_by_post_without_javascript(client, member):
    thread = ThreadFactory()
    client.force_login(member)
    response = client.post(f"/t/{thread.pk}/follow/", {"level": "muted"})
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert Follow.objects.get(user=member, thread=thread).level == "muted"
    page = client.get(thread.get_absolute_url() + "?page=1")
    assert "Now: Muted." in page.text


def test_a_double_submit_makes_one_follow(client, member):
    thread = ThreadFactory()
    client.force_login(member)
    client.post(f"/t/{thread.pk}/follow/", {"level": "watching"})
    client.post(f"/t/{thread.pk}/follow/", {"level": "watching"})
    assert Follow.objects.filter(user=member, thread=thread).count() == 1


def test_an_unknown_level_is_refused_with_a_message(client, member):
    thread = ThreadFactory()
    client.force_login(member)
    response = client.post(
        f"/t/{thread.pk}/follow/", {"level": "<script>"}, follow=True
    )
    assert response.status_code == 200
    assert "Choose watching, normal or muted." in response.text
    assert not Follow.objects.exists()


def test_a_category_cannot_be_muted_but_can_be_watched(client, member, category):
    client.force_login(member)
    client.post(f"/c/{category.slug}/follow/", {"level": "muted"})
    assert not Follow.objects.exists()
    client.post(f"/c/{category.slug}/follow/", {"level": "watching"})
    assert Follow.objects.get(user=member).category == category
    page = client.get(category.get_absolute_url())
    assert "Now: Watching." in page.text
    assert '<option value="muted">' not in page.text
    client.post(f"/c/{category.slug}/follow/", {"level": "normal"})
    assert not Follow.objects.exists()


def test_following_a_tag_and_an_organisation(client, member, organisation, category):
    thread = ThreadFactory(category=category)
    thread.tags.set(["housing"])
    client.force_login(member)
    assert (
        client.post("/tags/housing/follow/", {"level": "watching"}).status_code == 302
    )
    assert Follow.objects.get(user=member, tag__isnull=False).tag == Tag.objects.get(
        name="housing"
    )
    assert "Now: Watching." in client.get("/tags/housing/").text
    response = client.post(f"/o/{organisation.slug}/follow/", {"level": "watching"})
    assert response.status_code == 302
    assert Follow.objects.filter(user=member, organisation=organisation).exists()
    assert "Now: Watching." in client.get(f"/o/{organisation.slug}/").text


def test_anonymous_visitors_are_sent_to_log_in(client):
    thread = ThreadFactory()
    response = client.post(f"/t/{thread.pk}/follow/", {"level": "watching"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Follow.objects.exists()


def test_a_thread_one_may_not_see_cannot_be_followed(client, member, members_category):
    thread = ThreadFactory(category=members_category)
    response = client.post(f"/t/{thread.pk}/follow/", {"level": "watching"})
    assert response.status_code == 404
    assert not Follow.objects.exists()
    assert (
        client.post("/tags/nothing/follow/", {"level": "watching"}).status_code == 404
    )
