import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _request(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("accounts:email_change"), {"email": email, "password": PASSWORD}
        )


def _path(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_address_changes_only_when_the_new_one_confirms(
    client, member, django_capture_on_commit_callbacks
):
    old = member.email
    client.force_login(member)
    response = _request(client, "New@Example.org", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == old
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    link = _path(mail.outbox[0])
    # Opening the link (as a mail scanner would) changes nothing; the button does.
    page = client.get(link)
    assert page.status_code == 200
    assert f'action="{link}"' in page.text
    member.refresh_from_db()
    assert member.email == old
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link).status_code == 302
    member.refresh_from_db()
    assert member.email == "new@example.org"
    assert mail.outbox[-1].to == [old]
    assert client.get(link).status_code == 400
    assert client.post(link).status_code == 400


def test_an_address_in_use_answers_the_same_and_warns_its_owner(
    client, member, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="taken@example.org")
    client.force_login(member)
    free = _request(client, "free@example.org", django_capture_on_commit_callbacks)
    mail.outbox.clear()
    taken = _request(client, "Taken@example.org", django_capture_on_commit_callbacks)
    assert free.status_code == taken.status_code == 302
    assert free["Location"] == taken["Location"]
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "/accounts/email/confirm/" not in mail.outbox[0].body
    assert User.objects.get(pk=member.pk).email == member.email


def test_wrong_password_keeps_the_form(client, member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:email_change"),
        {"email": "typed@example.org", "password": "wrong"},
    )
    assert response.status_code == 400
    assert "typed@example.org" in response.text
    assert mail.outbox == []


def test_link_for_another_old_address_is_refused(
    client, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    _request(client, "first@example.org", django_capture_on_commit_callbacks)
    first = _path(mail.outbox[-1])
    _request(client, "second@example.org", django_capture_on_commit_callbacks)
    second = _path(mail.outbox[-1])
    client.post(second)
    assert client.get(first).status_code == 400
    assert client.post(first).status_code == 400
    member.refresh_from_db()
    assert member.email == "second@example.org"
