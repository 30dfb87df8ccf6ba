import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.context_processors import notifications
from accounts.models import Notification
from accounts.services import notification_send, notifications_mark_read

pytestmark = pytest.mark.django_db


def test_notification_is_stored_unread_and_wakes_after_commit(
    member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        notification = notification_send(
            user=member, kind="reply", text="Someone replied", url="/t/1/"
        )
    assert notification.read_at is None
    assert Notification.objects.get().text == "Someone replied"
    assert len(callbacks) == 1


def test_email_copy_is_only_a_link(member, django_capture_on_commit_callbacks):
    member.email_notifications = True
    member.email_consent_at = timezone.now()
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(
            user=member, kind="reply", text="Private words from a post", url="/t/1/"
        )
    assert len(mail.outbox) == 1
    assert "Private words" not in mail.outbox[0].body
    assert reverse("accounts:notifications") in mail.outbox[0].body


def test_no_email_unless_the_member_asked(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(user=member, kind="reply", text="x")
    assert mail.outbox == []


def test_header_shows_unread_count(client, member):
    notification_send(user=member, kind="reply", text="one")
    notification_send(user=member, kind="reply", text="two")
    client.force_login(member)
    response = client.get("/")
    assert '<span id="unread-count"> <span class="badge" data-unread-count>2<' in (
        response.text
    )


def test_notifications_page_lists_own_and_marks_nothing_read(
    client, member, other_member, django_assert_max_num_queries
):
    for n in range(40):
        notification_send(user=member, kind="reply", text=f"note {n}")
    notification_send(user=other_member, kind="reply", text="not yours")
    client.force_login(member)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("accounts:notifications"))
    assert response.status_code == 200
    assert "note 39" in response.text
    assert "not yours" not in response.text
    # A prefetch of the page must leave everything the member has not seen unread.
    assert Notification.objects.filter(user=member, read_at__isnull=True).count() == 40
    assert '<span class="badge" data-unread-count>40<' in response.text


def test_member_marks_one_notification_read_and_stays_on_the_page(
    client, member, other_member
):
    mine = notification_send(user=member, kind="reply", text="mine")
    other = notification_send(user=member, kind="reply", text="still new")
    theirs = notification_send(user=other_member, kind="reply", text="theirs")
    client.force_login(member)
    url = reverse("accounts:notifications")
    assert f'name="notification" value="{mine.pk}"' in client.get(url).text
    response = client.post(url, {"notification": mine.pk, "page": "2"})
    assert response.status_code == 302
    assert response["Location"] == url + "?page=2"
    client.post(url, {"notification": theirs.pk})
    client.post(url, {"notification": "not a number"})
    unread = Notification.objects.filter(read_at__isnull=True)
    assert sorted(unread.values_list("pk", flat=True)) == [other.pk, theirs.pk]


def test_member_marks_all_notifications_read(client, member, other_member):
    for n in range(35):
        notification_send(user=member, kind="reply", text=f"note {n}")
    theirs = notification_send(user=other_member, kind="reply", text="theirs")
    client.force_login(member)
    url = reverse("accounts:notifications")
    assert client.post(url, {"all": "1"}).status_code == 302
    assert not Notification.objects.filter(user=member, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert '<span id="unread-count" hidden>' in client.get("/").text


def test_marking_read_ignores_other_members_ids(member, other_member):
    theirs = notification_send(user=other_member, kind="reply", text="x")
    assert notifications_mark_read(user=member, notification_ids=[theirs.pk]) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_notifications_page_needs_login(client):
    response = client.get(reverse("accounts:notifications"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_anonymous_visitors_cost_no_notification_query(rf, django_assert_num_queries):
    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert notifications(request) == {"unread_notification_count": 0}


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "https://elsewhere.example/", "//evil.example/x"]
)
def test_notification_links_stay_on_the_site(member, url):
    assert notification_send(user=member, kind="reply", text="x", url=url).url == ""


def test_notification_keeps_a_site_path(member):
    assert notification_send(user=member, kind="reply", text="x", url="/t/1/").url == (
        "/t/1/"
    )
