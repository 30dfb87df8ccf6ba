"""Notification texts that name another member, written out each time they are read.

A stored name would outlive the member's erasure in everyone else's notifications, so a
row of such a kind keeps the member as `Notification.actor` and no text. The app that
sends the kind registers its wording in its AppConfig.ready() (the forum: "mention").
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.functional import Promise

if TYPE_CHECKING:
    from accounts.models import Notification


@dataclass(frozen=True)
class Content:
    """What a notification is about, as far as its recipient may see it."""

    title: str  # the thread's title
    is_public: bool  # anyone may read it, so an e-mail may name it


@dataclass(frozen=True)
class ActorText:
    named: Promise  # lazily translated, with %(author)s for the member's username
    anonymous: Promise  # lazily translated, once the member has erased their account


_texts: dict[str, ActorText] = {}
# Batched kinds name no one: "3 people sent support" (lazily translated ngettext with
# %(count)s, the number of times it happened).
_count_texts: dict[str, Promise] = {}
# The forum answers which of a member's notifications are about content they may still
# see; accounts cannot read posts itself (it sits below the forum).
ContentCheck = Callable[[object, "Iterable[Notification]"], dict[int, "Content"]]
_content_checks: list[ContentCheck] = []
# The same answer as a filter over Notification rows, for what must be one query (the
# header's unread count, the list's pages).
ContentFilter = Callable[[object], Q]
_content_filters: list[ContentFilter] = []


def actor_text_register(kind: str, *, named: Promise, anonymous: Promise) -> None:
    _texts[kind] = ActorText(named=named, anonymous=anonymous)


def count_text_register(kind: str, text: Promise) -> None:
    _count_texts[kind] = text


def content_check_register(check: ContentCheck) -> None:
    """`check(viewer, notifications)` maps the id of each notification about content the
    viewer may still see to its Content. Those it leaves out were hidden, or their
    category closed to the viewer. A fixed number of queries."""
    _content_checks.append(check)


def content_filter_register(content_filter: ContentFilter) -> None:
    """`content_filter(viewer)` is a Q over Notification that keeps the rows about
    content the viewer may still see: the registered content check's rule, in SQL."""
    _content_filters.append(content_filter)


def content_visible_q(viewer) -> Q:
    """Rows about nothing (notices), and rows about content some app says `viewer` may
    still see. A row about content no app vouches for is left out, as in
    notifications_content()."""
    visible = Q(about_post_id__isnull=True, about_thread_id__isnull=True)
    for content_filter in _content_filters:
        visible |= content_filter(viewer)
    return visible


def notifications_content(
    viewer, notifications: "list[Notification]"
) -> tuple[set[int], dict[int, Content]]:
    """(ids about content `viewer` may no longer see, Content of the others by id)."""
    about = [n for n in notifications if n.about_post_id or n.about_thread_id]
    visible: dict[int, Content] = {}
    for check in _content_checks:
        visible.update(check(viewer, about))
    hidden = {n.pk for n in about if n.pk not in visible}
    return hidden, visible


def is_actor_kind(kind: str) -> bool:
    return kind in _texts


def is_count_kind(kind: str) -> bool:
    return kind in _count_texts


def notification_text(notification: "Notification") -> str:
    """The text in the reader's language; needs `actor` loaded (select_related)."""
    count_text = _count_texts.get(notification.kind)
    if count_text is not None:
        # Lazy ngettext picks the plural form from the mapping's "count".
        return str(count_text % {"count": notification.count})
    text = _texts.get(notification.kind)
    if text is None:
        return notification.text
    actor = notification.actor
    if actor is None or actor.erased_at is not None:
        return str(text.anonymous)
    return str(text.named) % {"author": actor.username}
