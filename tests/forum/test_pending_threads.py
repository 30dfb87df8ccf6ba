import pytest

from forum.models import Post, PostStatus, Thread
from forum.services import thread_create
from forum.services.visibility import post_approve
from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db

TITLE = "Relapsed after two years"


@pytest.fixture
def held_thread(member):
    category = CategoryFactory(slug="care", name="Care", is_pre_moderated=True)
    thread = thread_create(
        category=category, by=member, title=TITLE, body="Still ashamed.", tags="care"
    )
    assert thread.posts.get().status == PostStatus.PENDING
    return thread


def _listed_anywhere(client, thread: Thread) -> list[str]:
    pages = {
        "home": "/",
        "category": thread.category.get_absolute_url(),
        "tag": "/tags/care/",
    }
    return [name for name, url in pages.items() if TITLE in client.get(url).text]


def test_moderator_is_not_offered_a_reply_to_a_thread_waiting_for_approval(
    client, moderator, held_thread
):
    client.force_login(moderator)
    response = client.get(held_thread.get_absolute_url() + "?page=1")
    assert response.status_code == 200
    assert f'action="/t/{held_thread.pk}/reply/"' not in response.text
    assert "replies open once a moderator approves its first post" in response.text


def test_moderator_reply_to_a_held_thread_is_refused_and_the_title_stays_unlisted(
    client, moderator, held_thread
):
    client.force_login(moderator)
    response = client.post(
        f"/t/{held_thread.pk}/reply/", {"body": "You are welcome here."}
    )
    assert response.status_code == 403
    assert "You are welcome here." in response.text
    assert held_thread.posts.count() == 1
    client.logout()
    assert _listed_anywhere(client, held_thread) == []
    assert client.get(held_thread.get_absolute_url()).status_code == 404


def test_approving_a_reply_before_the_opening_post_lists_nothing(
    client, moderator, held_thread
):
    """A reply can wait in the queue beside its thread's opening post; approving it
    first must not publish the thread."""
    reply = PostFactory(thread=held_thread, number=2, status=PostStatus.PENDING)
    Thread.objects.filter(pk=held_thread.pk).update(last_post_number=2)
    post_approve(post=reply, by=moderator)
    assert _listed_anywhere(client, held_thread) == []
    assert client.get(held_thread.get_absolute_url()).status_code == 404
    held_thread.category.refresh_from_db()
    assert held_thread.category.thread_count == 0

    post_approve(post=Post.objects.get(thread=held_thread, number=1), by=moderator)
    assert _listed_anywhere(client, held_thread) == ["home", "category", "tag"]
    assert client.get(held_thread.get_absolute_url()).status_code == 200
    held_thread.refresh_from_db()
    assert held_thread.post_count == 2
