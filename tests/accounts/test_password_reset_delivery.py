import threading

import pytest
from django.core import mail
from django.test.signals import template_rendered
from django.urls import reverse

from tests.factories import UserFactory
from tests.mail import GatedEmailBackend, wait_for_mail

pytestmark = pytest.mark.django_db(transaction=True)


def test_reset_for_a_known_address_does_not_wait_for_the_mail_server(client, settings):
    # A known address's answer must not be slower than an unknown one's (SPEC §7).
    settings.EMAIL_BACKEND = "tests.mail.GatedEmailBackend"
    user = UserFactory(email="known@example.org")
    GatedEmailBackend.gate.clear()
    try:
        response = client.post(
            reverse("accounts:password_reset"), {"email": "known@example.org"}
        )
        assert response.status_code == 302
        assert mail.outbox == []
    finally:
        GatedEmailBackend.gate.set()
    wait_for_mail(1)
    assert mail.outbox[0].to == [user.email]
    assert "/accounts/reset/" in mail.outbox[0].body


def _templates_rendered_in_the_request(client, email: str) -> list[str]:
    """Templates the request thread itself renders before it answers."""
    request_thread = threading.get_ident()
    names = []

    def record(sender, template, **kwargs):
        if threading.get_ident() == request_thread:
            names.append(template.name)

    template_rendered.connect(record)
    try:
        response = client.post(reverse("accounts:password_reset"), {"email": email})
    finally:
        template_rendered.disconnect(record)
    assert response.status_code == 302
    return names


def test_known_and_unknown_addresses_do_the_same_work_before_the_answer(
    client, settings
):
    # SPEC §7: the answer's timing must not tell a known address from an unknown one,
    # so both build the reset mail; only the known address's is delivered.
    settings.EMAIL_BACKEND = "tests.mail.GatedEmailBackend"
    UserFactory(email="known@example.org")
    GatedEmailBackend.gate.clear()
    try:
        unknown = _templates_rendered_in_the_request(client, "nobody@example.org")
        known = _templates_rendered_in_the_request(client, "known@example.org")
    finally:
        GatedEmailBackend.gate.set()
    assert "accounts/email/password_reset.txt" in known
    assert known == unknown
    for thread in threading.enumerate():
        if thread.name == "password-reset-mail":
            thread.join(timeout=10)
    assert [message.to for message in wait_for_mail(1)] == [["known@example.org"]]
