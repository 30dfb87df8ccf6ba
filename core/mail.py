"""Mail to a member, written in the language they chose, whatever the request's is."""

from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation


def member_language(member) -> translation.override:
    """Translate in the member's chosen language (the site's if they chose none)."""
    return translation.override(member.preferred_language or settings.LANGUAGE_CODE)


def member_mail_send(
    member,
    compose: Callable[[], tuple[str, str]],
    *,
    to: str = "",
    headers: dict[str, str] | None = None,
) -> None:
    """Send the (subject, body) that `compose` writes in `member`'s language, to their
    address or to `to` (another address of theirs, such as the one being replaced).
    `headers` adds mail headers (e.g. List-Unsubscribe)."""
    with member_language(member):
        subject, body = compose()
    EmailMessage(subject, body, None, [to or member.email], headers=headers).send()
