"""Notification texts that name another member, written out each time they are read.

A stored name would outlive the member's erasure in everyone else's notifications, so a
row of such a kind keeps the member as `Notification.actor` and no text. The app that
sends the kind registers its wording in its AppConfig.ready() (the forum: "mention").
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from accounts.models import Notification


@dataclass(frozen=True)
class ActorText:
    named: Promise  # lazily translated, with %(author)s for the member's username
    anonymous: Promise  # lazily translated, once the member has erased their account


_texts: dict[str, ActorText] = {}


def actor_text_register(kind: str, *, named: Promise, anonymous: Promise) -> None:
    _texts[kind] = ActorText(named=named, anonymous=anonymous)


def is_actor_kind(kind: str) -> bool:
    return kind in _texts


def notification_text(notification: "Notification") -> str:
    """The text in the reader's language; needs `actor` loaded (select_related)."""
    text = _texts.get(notification.kind)
    if text is None:
        return notification.text
    actor = notification.actor
    if actor is None or actor.erased_at is not None:
        return str(text.anonymous)
    return str(text.named) % {"author": actor.username}
