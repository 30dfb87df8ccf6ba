"""SPEC §3: members-only categories do not exist for anonymous visitors, by any URL."""

import pytest

from forum.services import post_create, post_edit, thread_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden(member, other_member, members_category):
    thread = thread_create(
        category=members_category,
        by=member,
        title="Inner thoughts",
        body="Only for members",
        tags="secret-tag",
    )
    reply = post_create(thread=thread, by=other_member, body="Members reply")
    post_edit(
        post=reply, by=other_member, body="Members reply, edited", expected_version=1
    )
    return thread, reply


def urls(thread, reply):
    return [
        "/c/inner/",
        "/c/inner/new/",
        thread.get_absolute_url(),
        f"/t/{thread.pk}/",
        f"/p/{reply.pk}/",
        f"/p/{reply.pk}/quote/",
        f"/p/{reply.pk}/history/",
        f"/p/{reply.pk}/edit/",
        "/tags/secret-tag/",
    ]


def test_anonymous_visitors_get_404_everywhere(client, hidden):
    thread, reply = hidden
    for url in urls(thread, reply):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Only for members" not in response.content.decode()
    for url, data in (
        (f"/t/{thread.pk}/reply/", {"body": "hi"}),
        (f"/p/{reply.pk}/react/", {"kind": "support"}),
        (f"/t/{thread.pk}/moderate/", {"action": "lock"}),
    ):
        assert client.post(url, data).status_code == 404, url


def test_anonymous_home_and_tag_lists_leave_members_only_threads_out(
    client, hidden, category, member
):
    thread_create(
        category=category, by=member, title="Open thread", body="x", tags="secret-tag"
    )
    home = client.get("/").content.decode()
    assert "Inner circle" not in home and "Inner thoughts" not in home
    tag_page = client.get("/tags/secret-tag/").content.decode()
    assert "Open thread" in tag_page and "Inner thoughts" not in tag_page


def test_members_see_the_members_only_category(client, hidden, member):
    thread, reply = hidden
    client.force_login(member)
    for url in (
        "/c/inner/",
        f"{thread.get_absolute_url()}?page=1",
        "/tags/secret-tag/",
    ):
        assert client.get(url).status_code == 200, url
    permalink = client.get(f"/p/{reply.pk}/")
    assert permalink.status_code == 302
    assert permalink["Location"] == (
        f"{thread.get_absolute_url()}?page=1#post-{reply.pk}"
    )
    assert "Inner thoughts" in client.get("/").content.decode()


def test_a_member_cannot_edit_or_see_history_of_anothers_post(client, hidden, member):
    thread, reply = hidden
    client.force_login(member)
    assert client.get(f"/p/{reply.pk}/history/").status_code == 403
    response = client.post(
        f"/p/{reply.pk}/edit/", {"body": "taken over", "version": "2"}
    )
    assert response.status_code == 403
    reply.refresh_from_db()
    assert reply.body == "Members reply, edited"


def test_moderators_see_history_of_any_post(client, hidden, moderator):
    thread, reply = hidden
    client.force_login(moderator)
    page = client.get(f"/p/{reply.pk}/history/").content.decode()
    assert "Members reply" in page


def test_pending_thread_is_404_for_others_and_visible_to_its_author(
    settings, client, category, other_member
):
    from tests.factories import UserFactory

    settings.FIRST_POSTS_NEEDING_APPROVAL = 1
    newcomer = UserFactory()
    thread = thread_create(category=category, by=newcomer, title="New here", body="Hi")
    assert client.get(thread.get_absolute_url()).status_code == 404
    client.force_login(other_member)
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert "New here" not in client.get("/c/general/").content.decode()
    client.force_login(newcomer)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Waiting for approval" in page
