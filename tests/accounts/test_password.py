import re

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tests.mail import wait_for_mail

pytestmark = pytest.mark.django_db


def test_reset_answers_the_same_for_known_and_unknown_addresses(
    client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("accounts:password_reset"), {"email": member.email})
        unknown = client.post(
            reverse("accounts:password_reset"), {"email": "nobody@example.org"}
        )
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in wait_for_mail(1)] == [[member.email]]


def test_reset_link_sets_a_new_password(
    client, member, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": member.email})
    site = re.escape(settings.SITE_URL.rstrip("/"))
    link = re.search(site + r"(\S+)", wait_for_mail(1)[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "fresh-passphrase-42",
            "new_password2": "fresh-passphrase-42",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("fresh-passphrase-42")


def test_reset_mails_are_capped_without_changing_the_answer(
    client, member, settings, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_RATE_LIMIT = 2
    for _ in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("accounts:password_reset"), {"email": member.email}
            )
        assert response.status_code == 302
    # Capped requests start no delivery, so nothing can arrive after these two.
    assert len(wait_for_mail(2)) == 2


def test_password_change(client, member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-good-passphrase",
            "new_password2": "another-good-passphrase",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("another-good-passphrase")
