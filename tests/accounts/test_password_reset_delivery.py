import pytest
from django.core import mail
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
