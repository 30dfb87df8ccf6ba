import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.services import notification_send
from tests.mail import wait_for_mail

pytestmark = pytest.mark.django_db

SITE = "https://forum.example.org"


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE
    settings.SITE_NAME = "Recovery Exchange"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    return SITE


def _links(text: str) -> list[str]:
    return re.findall(r"https?://\S+", text)


def test_password_reset_links_use_site_url_not_the_request_host(
    client, member, site_url, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:password_reset"),
            {"email": member.email},
            HTTP_HOST="127.0.0.1",
        )
    (message,) = wait_for_mail(1)
    (link,) = _links(message.body)
    assert link.startswith(f"{SITE}/accounts/reset/")
    assert "127.0.0.1" not in message.body + message.subject
    assert "Recovery Exchange" in message.subject
    assert "Recovery Exchange" in message.body


def test_reset_and_notification_mails_build_links_on_the_same_base(
    client, member, site_url, django_capture_on_commit_callbacks
):
    member.email_notifications = True
    member.save(update_fields=["email_notifications"])
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(user=member, kind="reply", text="Someone replied")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:password_reset"),
            {"email": member.email},
            HTTP_HOST="127.0.0.1",
        )
    wait_for_mail(2)
    bases = {
        link.split("/accounts/", 1)[0]
        for message in mail.outbox
        for link in _links(message.body)
    }
    assert bases == {SITE}
