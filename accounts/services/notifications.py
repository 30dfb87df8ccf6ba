"""Notifications: stored for /accounts/notifications/, optionally e-mailed as a bare link."""

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Notification, User
from accounts.notification_texts import is_actor_kind
from accounts.services.blocks import is_blocked_between
from core import live
from core.mail import mail_composer, member_mail_enqueue

logger = logging.getLogger(__name__)

MAX_TEXT_LENGTH = 500


def notification_send(
    *,
    user: User,
    kind: str,
    text: str = "",
    url: str = "",
    actor: User | None = None,
) -> Notification | None:
    """Store a notification; after commit wake the user's /ws/me/ and maybe e-mail a link.

    `text` is shown to the recipient only and must not quote post text (SPEC §7);
    `url` is a path on this site (e.g. post.get_absolute_url()). A kind registered in
    accounts.notification_texts names `actor` and takes no text: it is written when read.

    Blocking: when `actor` and `user` have a block between them, nothing is stored or
    sent and None is returned. This is the one place every notification passes, so a
    block holds whatever the notification is about.
    """
    if actor is not None and is_blocked_between(user, actor):
        return None
    if is_actor_kind(kind):
        if actor is None or text:
            raise ValueError(f"a {kind!r} notification names its actor, not a text")
    elif not text:
        raise ValueError("a notification needs a text")
    # Links point inside the site; anything else (javascript:, other hosts) is dropped.
    if not url.startswith("/") or url.startswith("//"):
        url = ""
    notification = Notification.objects.create(
        user=user, kind=kind, text=text[:MAX_TEXT_LENGTH], actor=actor, url=url
    )
    live.user_notified(user.pk)
    if user.email_notifications and user.email and user.is_active:
        member_mail_enqueue(
            user, "accounts.notification", event_key=f"notification:{notification.pk}"
        )
    return notification


def notifications_mark_read(*, user: User, notification_ids: list[int]) -> int:
    """Mark the given notifications of `user` read (others' ids are ignored); returns how many."""
    changed = Notification.objects.filter(
        user=user, pk__in=notification_ids, read_at__isnull=True
    ).update(read_at=timezone.now())
    if changed:
        # The user's other open tabs update their unread count.
        live.user_notified(user.pk)
    return changed


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of `user` read; returns how many."""
    ids = list(
        Notification.objects.filter(user=user, read_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    return notifications_mark_read(user=user, notification_ids=ids)


@mail_composer("accounts.notification")
def _compose_notification_link(user: User) -> tuple[str, str]:
    # SPEC §7: e-mails carry no post text, only a link to the notifications page.
    link = settings.SITE_URL.rstrip("/") + reverse("accounts:notifications")
    subject = _("You have a new notification on %(site)s") % {
        "site": settings.SITE_NAME
    }
    body = _(
        "Something new is waiting for you on %(site)s.\n\n"
        "Read it here: %(link)s\n\n"
        "You can turn these e-mails off in your settings."
    ) % {"site": settings.SITE_NAME, "link": link}
    return subject, body
