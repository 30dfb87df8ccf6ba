"""Every mail to a member is written in the language they chose, not the request's."""

import pytest
from django.core import mail, signing
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.services import (
    email_change_confirm,
    email_change_request,
    email_confirmation_send,
    notification_send,
    user_signup,
)
from accounts.services.users import EMAIL_CHANGE_SALT
from accounts.views.passwords import PasswordResetForm
from core.mail import member_mail_send
from moderation.services import member_suspend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notice() -> tuple[str, str]:
    return _("You have a new notification on %(site)s") % {"site": "X"}, "body"


def test_a_mail_is_composed_in_the_members_language_and_the_request_keeps_its_own():
    member = UserFactory(preferred_language="it")
    with translation.override("en"):
        member_mail_send(member, _notice)
        assert translation.get_language() == "en"
    [message] = mail.outbox
    assert message.subject == "Hai una nuova notifica su X"
    assert message.to == [member.email]


def test_a_member_without_a_language_gets_the_sites_and_another_address_can_be_named():
    member = UserFactory(preferred_language="")
    with translation.override("it"):
        member_mail_send(member, _notice, to="old@example.org")
    [message] = mail.outbox
    assert message.subject == "You have a new notification on X"
    assert message.to == ["old@example.org"]


def _confirmation(member, moderator):
    member.email_confirmed_at = None
    member.save(update_fields=["email_confirmed_at"])
    email_confirmation_send(user=member)


def _change_request(member, moderator):
    email_change_request(user=member, new_email="new-address@example.org")


def _change_notice(member, moderator):
    token = signing.dumps(
        {"user": member.pk, "old": member.email, "new": "new-address@example.org"},
        salt=EMAIL_CHANGE_SALT,
        compress=True,
    )
    email_change_confirm(token=token)


def _existing_account(member, moderator):
    user_signup(
        username="someone_new",
        email=member.email,
        password="a-long-enough-passphrase",
        country="IT",
        preferred_language="en",
        accepts_guidelines=True,
    )


def _notification(member, moderator):
    member.email_notifications = True
    member.save(update_fields=["email_notifications"])
    notification_send(user=member, kind="test", text="Something", url="/")


def _password_reset(member, moderator):
    # Composed in the worker: the member's language, not the requester's.
    form = PasswordResetForm(data={"email": member.email})
    assert form.is_valid()
    form.save()


def _suspension(member, moderator):
    member_suspend(
        user=member, by=moderator, reason="A reason.", guideline="privacy", until=None
    )


@pytest.mark.parametrize(
    ("send", "italian"),
    [
        (_confirmation, "Conferma il tuo indirizzo e-mail per"),
        (_change_request, "Conferma il tuo nuovo indirizzo e-mail per"),
        (_change_notice, "Il tuo indirizzo e-mail su"),
        (
            _existing_account,
            "Qualcuno ha provato a registrarsi con il tuo indirizzo su",
        ),
        (_notification, "Hai una nuova notifica su"),
        (_suspension, "Il tuo account su"),
        (_password_reset, "Scegli una nuova password per"),
    ],
    ids=[
        "confirmation",
        "change request",
        "change notice",
        "existing account",
        "notification",
        "suspension",
        "password reset",
    ],
)
def test_each_mail_to_a_member_is_in_their_language(
    send, italian, moderator, django_capture_on_commit_callbacks
):
    member = UserFactory(preferred_language="it")
    mail.outbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        send(member, moderator)
    subjects = [message.subject for message in mail.outbox]
    assert any(subject.startswith(italian) for subject in subjects), subjects
