import re
import socket
import time
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts import sanctions
from moderation.models import Action, Appeal, Statement
from moderation.selectors import (
    STATEMENT_LINK_MAX_AGE,
    STATEMENT_LINK_SALT,
    statement_link,
)
from moderation.services import appeal_decide, member_silence, member_suspend
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
REASON = "Shared another member's phone number."


@pytest.fixture
def suspended(moderator, django_capture_on_commit_callbacks):
    user = UserFactory(username="suspended_one", email="one@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        member_suspend(
            user=user, by=moderator, reason=REASON, guideline="privacy", until=None
        )
    user.refresh_from_db()
    return user


def _statement(user) -> Statement:
    return Statement.objects.get(user=user, action=Action.USER_SUSPEND)


def _login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def _answer(response, username: str) -> str:
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.text)
    return text.replace(username, "USERNAME")


def _links(html: str) -> list[str]:
    return re.findall(r'href="(/notices/link/[^"]+/)"', html)


def test_the_link_opens_the_statement_without_a_session(client, suspended):
    response = client.get(statement_link(_statement(suspended)))
    assert response.status_code == 200
    assert REASON.replace("'", "&#x27;") in response.text
    assert "Send appeal" in response.text
    assert "no-cache" in response["Cache-Control"]


def test_a_forged_link_is_not_found(client, suspended):
    link = statement_link(_statement(suspended))
    assert client.get(link[:-4] + "xx/").status_code == 404
    statement = _statement(suspended)
    assert (
        client.get(f"/notices/link/{statement.pk}:{suspended.pk}/").status_code == 404
    )
    # A token signed for something else (another salt) opens nothing here.
    other = signing.dumps([statement.pk, suspended.pk], salt="accounts.email-confirm")
    assert client.get(f"/notices/link/{other}/").status_code == 404


def test_an_expired_link_is_not_found(client, suspended):
    statement = _statement(suspended)
    issued = int(time.time() - STATEMENT_LINK_MAX_AGE.total_seconds() - 60)

    class IssuedLongAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(issued)

    token = IssuedLongAgo(salt=STATEMENT_LINK_SALT).sign_object(
        [statement.pk, suspended.pk]
    )
    assert client.get(f"/notices/link/{token}/").status_code == 404


def test_another_members_statement_is_not_reachable(
    client, suspended, member, moderator
):
    member_silence(
        user=member, by=moderator, reason="Off topic.", guideline="on_topic", until=None
    )
    theirs = Statement.objects.get(user=member)
    # The suspended member's signature does not stretch to another member's notice,
    token = signing.dumps([theirs.pk, suspended.pk], salt=STATEMENT_LINK_SALT)
    assert client.get(f"/notices/link/{token}/").status_code == 404
    # and a link opens suspension statements only, never any other notice.
    assert client.get(statement_link(theirs)).status_code == 404


def test_the_login_page_shows_the_link_only_after_the_right_password(client, suspended):
    right = _login(client, suspended.username)
    assert right.status_code == 400
    assert "_auth_user_id" not in client.session
    [link] = _links(right.text)
    assert client.get(link.replace("&amp;", "&")).status_code == 200
    wrong = _login(client, suspended.username, "not the password")
    unknown = _login(client, "nobody_here", "not the password")
    for response in (wrong, unknown):
        assert response.status_code == 400
        assert _links(response.text) == []
        assert "account is suspended" not in response.text
    assert _answer(wrong, suspended.username) == _answer(unknown, "nobody_here")


def test_the_link_takes_one_appeal_decided_by_another_moderator(
    client, suspended, moderator, second_moderator
):
    link = statement_link(_statement(suspended))
    response = client.post(link, {"text": "It was my own number."})
    assert response.status_code == 302
    assert response["Location"] == link
    appeal = Appeal.objects.get()
    assert (appeal.statement.user, appeal.text) == (suspended, "It was my own number.")
    again = client.post(link, {"text": "Please, once more."})
    assert again.status_code == 400
    assert "Your appeal:" in again.text
    assert Appeal.objects.count() == 1
    with pytest.raises(PermissionDenied):
        appeal_decide(appeal=appeal, by=moderator, overturn=True, reason="Mine.")
    appeal_decide(
        appeal=appeal, by=second_moderator, overturn=True, reason="Their own number."
    )
    suspended.refresh_from_db()
    assert suspended.suspended_until is None
    assert "Their own number." in client.get(link).text


def test_the_email_has_the_link_and_no_reason_or_post_text(
    client, moderator, make_post, django_capture_on_commit_callbacks
):
    author = UserFactory(email="two@example.org", email_notifications=False)
    post = make_post(author=author, body="My neighbour's number is in this post.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        member_suspend(
            user=author,
            by=moderator,
            reason="Posted a photo with a name.",
            guideline="privacy",
            until=timezone.now() + timedelta(days=3),
        )
    [message] = mail.outbox
    assert message.to == ["two@example.org"]
    text = message.subject + message.body
    for private in ("photo", "neighbour", post.thread.title, "privacy"):
        assert private not in text
    [link] = re.findall(r"https?://\S+(/notices/link/\S+/)", message.body)
    assert client.get(link).status_code == 200


def test_a_failing_mail_server_does_not_fail_the_suspension(
    client, moderator, settings, django_capture_on_commit_callbacks
):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    user = UserFactory()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            f"/moderation/members/{user.username}/",
            {
                "sanction-sanction": "suspend",
                "sanction-duration": "3",
                "sanction-guideline": "respect",
                "sanction-reason": "Insults in three threads.",
            },
        )
    assert response.status_code == 302
    assert len(callbacks) >= 1
    user.refresh_from_db()
    assert user.is_suspended


def test_an_upheld_appeal_is_told_by_email_with_the_link(
    client, suspended, second_moderator, django_capture_on_commit_callbacks
):
    link = statement_link(_statement(suspended))
    client.post(link, {"text": "It was my own number."})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        appeal_decide(
            appeal=Appeal.objects.get(),
            by=second_moderator,
            overturn=False,
            reason="The number was a neighbour's.",
        )
    [message] = mail.outbox
    assert message.to == [suspended.email]
    assert "neighbour" not in message.subject + message.body
    [fresh] = re.findall(r"https?://\S+(/notices/link/\S+/)", message.body)
    assert "The number was a neighbour" in client.get(fresh).text.replace("&#x27;", "'")


def test_without_moderations_hook_the_login_refuses_a_suspended_member_with_no_link(
    client, suspended
):
    previous = sanctions.suspension_link_register(sanctions._no_statement_link)
    try:
        response = _login(client, "suspended_one")
    finally:
        sanctions.suspension_link_register(previous)
    assert "suspended" in response.text
    assert _links(response.text) == []


def test_moderation_gives_the_login_page_the_suspension_statement_link(
    client, suspended
):
    [link] = _links(_login(client, "suspended_one").text)
    assert client.get(link).status_code == 200
