from datetime import timedelta

import pytest
from django.utils import timezone

from forum.models import Thread, ThreadMode
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("account", "told"),
    [
        ({"email_confirmed_at": None}, "Confirm your e-mail address before posting."),
        (
            {"silenced_until": timezone.now() + timedelta(days=2)},
            "You can read but not post until",
        ),
    ],
    ids=["unconfirmed", "silenced"],
)
def test_member_who_cannot_post_is_told_why_on_the_new_thread_page(
    client, category, account, told
):
    client.force_login(UserFactory(**account))
    response = client.get("/c/general/new/")
    assert response.status_code == 403
    assert "You cannot start a thread at the moment" in response.text
    assert told in response.text
    # No form they could not send.
    assert 'name="title"' not in response.text


def test_unconfirmed_member_is_offered_a_new_confirmation_link(client, category):
    client.force_login(UserFactory(email_confirmed_at=None))
    response = client.get("/c/general/new/")
    assert 'action="/accounts/confirm/resend/"' in response.text


def test_thread_started_with_title_body_and_tags_alone_is_open(
    client, member, category
):
    client.force_login(member)
    response = client.post(
        "/c/general/new/",
        {"title": "Sunday walk", "body": "Anyone near Lisbon?", "tags": "walks"},
    )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert thread.mode == ThreadMode.OPEN
    assert thread.content_warning == ""
    assert list(thread.tags.names()) == ["walks"]


def test_an_unknown_mode_is_still_refused(client, member, category):
    client.force_login(member)
    response = client.post(
        "/c/general/new/",
        {"title": "Sunday walk", "body": "Anyone near Lisbon?", "mode": "shouting"},
    )
    assert response.status_code == 400
    assert "Anyone near Lisbon?" in response.text
    assert not Thread.objects.exists()
