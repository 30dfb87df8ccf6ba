"""/accounts/notifications/: newest first, grouped per thread, opening marks read."""

import pytest

from accounts.models import Notification
from accounts.services import notification_send
from tests.factories import ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db


def _about(thread, user, n):
    post = thread.posts.first()
    return notification_send(
        user=user,
        kind="post.reply",
        actor=UserFactory(),
        url=thread.get_absolute_url(),
        event_key=f"test:{thread.pk}:{n}",
        about_thread_id=thread.pk,
        about_post_id=post.pk,
    )


def test_notifications_are_grouped_per_thread_newest_first(client, member):
    first = ThreadFactory(title="About housing")
    second = ThreadFactory(title="About work")
    _about(first, member, 1)
    _about(second, member, 2)
    _about(first, member, 3)
    notification_send(user=member, kind="moderation.statement", text="A decision")
    client.force_login(member)
    text = client.get("/accounts/notifications/").text
    assert text.count('class="notification-group"') == 3
    assert text.count("About housing") == 1
    assert (
        text.index("A decision")
        < text.index("About housing")
        < text.index("About work")
    )


@pytest.mark.parametrize("size", [5, 60])
def test_the_page_runs_a_fixed_number_of_queries(
    client, member, size, django_assert_max_num_queries
):
    threads = [ThreadFactory() for _ in range(3)]
    for n in range(size):
        _about(threads[n % 3], member, n)
        notification_send(user=member, kind="mention", actor=UserFactory(), url="/")
    client.force_login(member)
    # Session, user, count, page, the posts and threads they are about, the header's
    # unread count.
    with django_assert_max_num_queries(8):
        response = client.get("/accounts/notifications/")
    assert response.status_code == 200


def test_opening_a_notification_marks_it_read_and_goes_to_its_target(client, member):
    thread = ThreadFactory()
    notification = _about(thread, member, 1)
    client.force_login(member)
    response = client.get(f"/accounts/notifications/{notification.pk}/")
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    notification.refresh_from_db()
    assert notification.is_read


def test_another_members_notification_cannot_be_opened(client, member, other_member):
    notification = _about(ThreadFactory(), other_member, 1)
    client.force_login(member)
    response = client.get(f"/accounts/notifications/{notification.pk}/")
    assert response["Location"] == "/accounts/notifications/"
    notification.refresh_from_db()
    assert not notification.is_read


def test_mark_all_read_by_post(client, member):
    _about(ThreadFactory(), member, 1)
    _about(ThreadFactory(), member, 2)
    client.force_login(member)
    client.post("/accounts/notifications/", {"all": "1"})
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_reading_the_post_on_its_thread_page_marks_its_notification_read(
    client, member
):
    thread = ThreadFactory()
    notification = _about(thread, member, 1)
    client.force_login(member)
    client.get(thread.get_absolute_url() + "?page=1")
    notification.refresh_from_db()
    assert notification.is_read
