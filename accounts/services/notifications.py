"""Notifications: stored for /accounts/notifications/, e-mailed as links (at once or in a
digest, through the mail task), one per event, with a signed one-click unsubscribe per
kind."""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import (
    ConsentKind,
    Digest,
    Notification,
    NotificationPreference,
    User,
)
from accounts.notification_kinds import (
    LOCKED_GROUPS,
    EmailChoice,
    KindGroup,
    email_choices_for,
    kind_group,
)
from accounts.notification_texts import (
    Content,
    is_actor_kind,
    is_count_kind,
    notifications_content,
)
from accounts.selectors import notification_email_choice, unread_counts_forget
from accounts.services.blocks import (
    blocked_ids_for,
    is_blocked_between,
    is_staff_side,
)
from accounts.services.consent import consent_record
from core import live
from core.mail import mail_composer, member_mail_enqueue

logger = logging.getLogger(__name__)

MAX_TEXT_LENGTH = 500
UNSUBSCRIBE_SALT = "accounts.notifications.unsubscribe"
# An unsubscribe link for every group at once (a digest covering several).
ALL_GROUPS = "all"
DIGEST_DAYS = {EmailChoice.DAILY: 1, EmailChoice.WEEKLY: 7}


def _internal(url: str) -> str:
    # Links point inside the site; anything else (javascript:, other hosts) is dropped.
    if not url.startswith("/") or url.startswith("//"):
        return ""
    return url


def notification_send(
    *,
    user: User,
    kind: str,
    text: str = "",
    url: str = "",
    actor: User | None = None,
    event_key: str = "",
    about_thread_id: int | None = None,
    about_post_id: int | None = None,
) -> Notification | None:
    """Store a notification; after commit wake the user's /ws/me/ and maybe e-mail a link.

    `text` is shown to the recipient only and must not quote post text (SPEC §7);
    `url` is a path on this site (e.g. post.get_absolute_url()). A kind registered in
    accounts.notification_texts names `actor` and takes no text: it is written when read.
    With `event_key`, a second call for the same member and event returns the first row.

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
    try:
        # A savepoint: a concurrent sender (or a retried task) that stored the same
        # event first leaves its row, and this call returns it.
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user,
                kind=kind,
                text=text[:MAX_TEXT_LENGTH],
                actor=actor,
                url=_internal(url),
                event_key=event_key,
                about_thread_id=about_thread_id,
                about_post_id=about_post_id,
            )
    except IntegrityError:
        if not event_key:
            raise
        return Notification.objects.get(user=user, event_key=event_key)
    _after_commit(user, notification)
    return notification


def notifications_send_many(
    *,
    kinds: dict[User, str],
    actor: User,
    url: str,
    event_key: str,
    about_thread_id: int | None = None,
    about_post_id: int | None = None,
) -> int:
    """notification_send() for one event told to many members at once, each with their
    own kind (all of them kinds that name `actor`): one query for the blocks, one INSERT,
    and the e-mail lookups only for members who take e-mail. A member already told of
    this event (a retried task) is skipped. Returns how many members it considered."""
    if not all(is_actor_kind(kind) for kind in kinds.values()):
        raise ValueError("notifications_send_many takes kinds that name their actor")
    if not event_key:
        raise ValueError("notifications_send_many needs an event key")
    blocked = blocked_ids_for(actor)
    users = [
        user
        for user in kinds
        if user.pk != actor.pk and (user.pk not in blocked or is_staff_side(user))
    ]
    if not users:
        return 0
    Notification.objects.bulk_create(
        [
            Notification(
                user=user,
                kind=kinds[user],
                actor=actor,
                url=_internal(url),
                event_key=event_key,
                about_thread_id=about_thread_id,
                about_post_id=about_post_id,
            )
            for user in users
        ],
        # The unique (user, event_key): a second run for the event adds nothing.
        ignore_conflicts=True,
    )
    _counts_changed([user.pk for user in users])
    emailed = [user for user in users if _may_email(user)]
    if emailed:
        stored = Notification.objects.filter(event_key=event_key, user__in=emailed)
        by_user = {notification.user_id: notification for notification in stored}
        for user in emailed:
            if user.pk in by_user:
                _email_at_once(user, by_user[user.pk])
    return len(users)


def notification_batch_add(
    *,
    user: User,
    kind: str,
    url: str,
    about_thread_id: int,
    about_post_id: int,
    happened_at: datetime,
    count_since: Callable[[datetime], int],
) -> Notification:
    """One more event of a batched kind (a reaction) on the member's unread row for the
    post, or a new row that starts at `happened_at`. It names no one: "3 people sent
    support".

    The row's count is `count_since(start of its batch)`: the sender counts what still
    stands since then, so an event undone and done again counts once. Precondition:
    the sender serialises the events of one post (the forum holds the post's row lock
    while a reaction changes), so each count sees the event before it."""
    if not is_count_kind(kind):
        raise ValueError(f"{kind!r} is not a batched kind")
    rows = _unread_batch(user=user, kind=kind, about_post_id=about_post_id)
    found = list(rows.values_list("batch_started_at", flat=True)[:1])
    if found:
        started_at = found[0]
        # Rows stored before batches kept their start hold a bare tally.
        count = (
            F("count") + 1 if started_at is None else max(count_since(started_at), 1)
        )
        # A row read between these two statements keeps its count; the event then
        # starts a new one below.
        if rows.update(count=count, created_at=timezone.now()):
            _counts_changed([user.pk])
            return rows.get()
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user,
                kind=kind,
                url=_internal(url),
                about_thread_id=about_thread_id,
                about_post_id=about_post_id,
                batch_started_at=happened_at,
            )
    except IntegrityError:
        # A sender that does not serialise its events raced this one to the new row.
        rows.update(count=F("count") + 1)
        return rows.get()
    _after_commit(user, notification)
    return notification


def notification_batch_undo(
    *,
    user: User,
    kind: str,
    about_post_id: int,
    count_since: Callable[[datetime], int],
) -> int:
    """An event of a batched kind was undone (a reaction taken back): the member's
    unread row for the post counts again what still stands, and goes away at 0. A row
    already read is history and stays. Returns the unread row's count (0 if none).
    Precondition as for notification_batch_add()."""
    if not is_count_kind(kind):
        raise ValueError(f"{kind!r} is not a batched kind")
    rows = _unread_batch(user=user, kind=kind, about_post_id=about_post_id)
    row = rows.values_list("pk", "batch_started_at", "count").first()
    if row is None:
        return 0
    pk, started_at, count = row
    # Rows stored before batches kept their start hold a bare tally: one less.
    new_count = count - 1 if started_at is None else count_since(started_at)
    if new_count == count:
        return count
    if new_count <= 0:
        rows.filter(pk=pk).delete()
    else:
        rows.filter(pk=pk).update(count=new_count)
    _counts_changed([user.pk])
    return max(new_count, 0)


def _unread_batch(*, user: User, kind: str, about_post_id: int):
    # At most one row (the one_unread_batch_per_post constraint).
    return Notification.objects.filter(
        user=user, kind=kind, about_post_id=about_post_id, read_at__isnull=True
    )


def notifications_about_thread_changed(*, thread_id: int) -> None:
    """Content in a thread became visible or invisible (a post hidden or restored):
    wake the /ws/me/ sockets of the members with unread notifications about it, whose
    count follows what they may see (accounts.selectors.unread_notification_count)."""
    user_ids = (
        Notification.objects.filter(about_thread_id=thread_id, read_at__isnull=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    _counts_changed(list(user_ids))


def notification_retitle(*, event_key: str, kind: str, new_kind: str) -> int:
    """Give rows of one event a closer kind (a reply that turns out to be an experience
    report); returns how many changed."""
    return Notification.objects.filter(event_key=event_key, kind=kind).update(
        kind=new_kind
    )


# Within notification_counts_merged(): the members whose counts changed so far.
_merged_counts: ContextVar[set[int] | None] = ContextVar(
    "notification_counts_merged", default=None
)


@contextmanager
def notification_counts_merged() -> Iterator[None]:
    """For one transaction that tells many members of many things (the notification
    relay's batch): each member's count is forgotten and their sockets woken once, when
    the block ends, rather than once per notification. Nothing is announced if it
    raises."""
    user_ids: set[int] = set()
    token = _merged_counts.set(user_ids)
    try:
        yield
    finally:
        _merged_counts.reset(token)
    _counts_changed(sorted(user_ids))


def _counts_changed(user_ids: list[int]) -> None:
    """The members' unread counts changed: forget the counts kept for them
    (accounts.selectors.unread_notification_count) now and again once the transaction
    commits, then wake their /ws/me/ sockets, which read the count again."""
    merged = _merged_counts.get()
    if merged is not None:
        merged.update(user_ids)
        return
    if user_ids:
        # Now, for what this transaction reads next, and again after commit, for a
        # count another request kept in between from what was committed before.
        unread_counts_forget(user_ids)
        transaction.on_commit(lambda: _counts_announce(user_ids), robust=True)


def _counts_announce(user_ids: list[int]) -> None:
    # Forgotten first, so that the woken sockets count afresh.
    unread_counts_forget(user_ids)
    live.users_notified_now(user_ids)


def _after_commit(user: User, notification: Notification) -> None:
    _counts_changed([user.pk])
    if _may_email(user):
        _email_at_once(user, notification)


def _email_at_once(user: User, notification: Notification) -> None:
    """Queue the notification's e-mail now when the member asked for it at once."""
    group = kind_group(notification.kind)
    if notification_email_choice(user=user, group=group) == EmailChoice.INSTANT:
        # Sent at once, so no digest repeats it.
        Notification.objects.filter(pk=notification.pk).update(
            emailed_at=timezone.now()
        )
        member_mail_enqueue(
            user,
            "accounts.notification",
            event_key=f"notification:{notification.pk}",
            notification_id=notification.pk,
        )


def _may_email(user: User) -> bool:
    return bool(
        user.email_notifications
        and user.email_consent_at
        and user.email
        and user.is_active
        and user.erased_at is None
    )


def notifications_mark_read(*, user: User, notification_ids: list[int]) -> int:
    """Mark the given notifications of `user` read (others' ids are ignored); returns how many."""
    changed = Notification.objects.filter(
        user=user, pk__in=notification_ids, read_at__isnull=True
    ).update(read_at=timezone.now())
    if changed:
        # The user's other open tabs update their unread count.
        _counts_changed([user.pk])
    return changed


def notifications_mark_read_about(*, user: User, post_ids: list[int]) -> int:
    """Mark read the member's notifications about posts they are now reading."""
    changed = Notification.objects.filter(
        user=user, about_post_id__in=post_ids, read_at__isnull=True
    ).update(read_at=timezone.now())
    if changed:
        _counts_changed([user.pk])
    return changed


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of `user` read; returns how many."""
    ids = list(
        Notification.objects.filter(user=user, read_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    return notifications_mark_read(user=user, notification_ids=ids)


def notification_open(*, user: User, notification_id: int) -> str:
    """Mark the member's notification read and return where it points (SPEC §4:
    opening the target marks it read). Another member's id is not found."""
    notification = Notification.objects.filter(user=user, pk=notification_id).first()
    if notification is None:
        raise PermissionDenied(_("This notification is not yours."))
    notifications_mark_read(user=user, notification_ids=[notification.pk])
    hidden, _titles = notifications_content(user, [notification])
    if notification.pk in hidden:
        return reverse("accounts:notifications")
    return notification.url or reverse("accounts:notifications")


@transaction.atomic
def notification_preferences_update(
    *, user: User, email: dict[str, str], watch_on_reply: bool, email_consent: bool
) -> None:
    """Save the member's e-mail choice per group, their consent to e-mail (with its
    time), and whether they watch the threads they join."""
    for group, choice in email.items():
        if group not in KindGroup.values:
            raise ValidationError(_("Unknown kind of notification."))
        if choice not in dict(email_choices_for(group)):
            raise ValidationError(_("Choose how often to get this e-mail."))
        NotificationPreference.objects.update_or_create(
            user=user, group=group, defaults={"email": choice}
        )
    user.watch_on_reply = watch_on_reply
    _email_consent_change(user, email_consent)
    user.save(
        update_fields=["watch_on_reply", "email_notifications", "email_consent_at"]
    )


def _email_consent_change(user: User, consent: bool) -> None:
    """email_consent_set(), and a consent record when the choice changed (the profile
    settings record theirs with the member's other choices)."""
    was_given = user.email_notifications
    email_consent_set(user=user, consent=consent)
    if user.email_notifications != was_given:
        consent_record(
            user=user, kind=ConsentKind.EMAIL, is_given=user.email_notifications
        )


def email_consent_set(*, user: User, consent: bool) -> None:
    """Record (with its time) or withdraw consent to notification e-mail; the caller saves
    `email_notifications` and `email_consent_at`."""
    if consent and not (user.email_notifications and user.email_consent_at):
        user.email_consent_at = timezone.now()
    elif not consent:
        user.email_consent_at = None
    user.email_notifications = consent


def unsubscribe_token(user: User, group: str) -> str:
    return signing.dumps({"u": user.pk, "g": group}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(user: User, group: str) -> str:
    path = reverse(
        "accounts:unsubscribe", kwargs={"token": unsubscribe_token(user, group)}
    )
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_read(token: str) -> tuple[User, str]:
    """The member and group a signed unsubscribe token names; ValidationError if forged."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user = User.objects.get(pk=int(data["u"]), is_active=True)
        group = str(data["g"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, User.DoesNotExist):
        raise ValidationError(_("This unsubscribe link is not valid.")) from None
    if group not in KindGroup.values and group != ALL_GROUPS:
        raise ValidationError(_("This unsubscribe link is not valid."))
    return user, group


@transaction.atomic
def notification_unsubscribe(*, token: str) -> tuple[User, str]:
    """Stop e-mail for the group the signed link names (RFC 8058 one-click). Moderation
    notices cannot be switched off, so their link (like the one for all groups)
    withdraws consent to notification e-mail; the notices stay in the list."""
    user, group = unsubscribe_read(token)
    if group in LOCKED_GROUPS or group == ALL_GROUPS:
        user = User.objects.select_for_update().get(pk=user.pk)
        _email_consent_change(user, False)
        user.save(update_fields=["email_notifications", "email_consent_at"])
    else:
        NotificationPreference.objects.update_or_create(
            user=user, group=group, defaults={"email": EmailChoice.OFF}
        )
    return user, group


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _unsubscribe_headers(url: str) -> dict[str, str]:
    # RFC 8058: a mail client may POST to the link without the member being signed in.
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


@mail_composer("accounts.notification")
def _compose_notification(
    user: User, notification_id: int | None = None
) -> tuple[str, str, dict[str, str]] | None:
    """One notification as a neutral link (SPEC §7: never the post's words); nothing
    if the member withdrew consent or may no longer see what it is about."""
    if notification_id is None:
        # A mail queued without its row: a link to the list, and a way to stop all.
        link = _link(reverse("accounts:notifications"))
        unsubscribe = unsubscribe_url(user, ALL_GROUPS)
    else:
        notification = Notification.objects.filter(
            pk=notification_id, user=user
        ).first()
        if notification is None or not _may_email(user):
            return None
        hidden, _titles = notifications_content(user, [notification])
        if notification.pk in hidden:
            return None
        link = _link(
            reverse("accounts:notification_open", kwargs={"pk": notification.pk})
        )
        unsubscribe = unsubscribe_url(user, kind_group(notification.kind))
    subject = _("You have a new notification on %(site)s") % {
        "site": settings.SITE_NAME
    }
    body = _(
        "Something new is waiting for you on %(site)s.\n\n"
        "Read it here: %(link)s\n\n"
        "To stop these e-mails, open: %(unsubscribe)s\n"
        "You can choose what you get by e-mail in your settings: %(settings)s"
    ) % {
        "site": settings.SITE_NAME,
        "link": link,
        "unsubscribe": unsubscribe,
        "settings": _link(reverse("accounts:notification_settings")),
    }
    return subject, body, _unsubscribe_headers(unsubscribe)


def digest_period_start(period: str, now: datetime) -> date:
    """The first day of the period `now` falls in: today, or this week's Monday."""
    today = timezone.localdate(now)
    if period == EmailChoice.WEEKLY:
        return today - timedelta(days=today.weekday())
    return today


def digests_send(*, period: str, now: datetime | None = None) -> int:
    """Send each member whose choice for some group is `period` one digest for this
    period. Running it again in the same period sends nothing more. Returns how many."""
    if period not in DIGEST_DAYS:
        raise ValueError(f"unknown digest period {period!r}")
    now = now or timezone.now()
    start = digest_period_start(period, now)
    user_ids = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            read_at__isnull=True,
            user__email_notifications=True,
            user__email_consent_at__isnull=False,
            user__is_active=True,
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    sent = 0
    for user in User.objects.filter(pk__in=list(user_ids)).exclude(email=""):
        if digest_send(user=user, period=period, period_start=start):
            sent += 1
    return sent


def digest_send(*, user: User, period: str, period_start: date) -> bool:
    """One member's digest for one period; nothing if already sent or nothing is new."""
    groups = {
        group
        for group in KindGroup.values
        if notification_email_choice(user=user, group=group) == period
    }
    if not groups:
        return False
    with transaction.atomic():
        try:
            with transaction.atomic():
                digest = Digest.objects.create(
                    user=user, period=period, period_start=period_start
                )
        except IntegrityError:
            return False  # this period's digest went out already
        pending = [
            n
            for n in Notification.objects.filter(
                user=user, emailed_at__isnull=True, read_at__isnull=True
            ).select_related("actor")
            if kind_group(n.kind) in groups
        ]
        hidden, titles = notifications_content(user, pending)
        pending = [n for n in pending if n.pk not in hidden]
        if not pending:
            digest.delete()
            return False
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
            emailed_at=timezone.now()
        )
        digest.notification_count = len(pending)
        digest.save(update_fields=["notification_count"])
    # Through the mail task, once per digest row: a rerun or a retry sends nothing more.
    member_mail_enqueue(
        user,
        "accounts.digest",
        event_key=f"digest:{digest.pk}",
        period=period,
        notification_ids=[n.pk for n in pending],
    )
    return True


@mail_composer("accounts.digest")
def _compose_digest(
    user: User, period: str, notification_ids: list[int]
) -> tuple[str, str, dict[str, str]] | None:
    """The digest as it stands when sent: what became invisible meanwhile is left out."""
    if not _may_email(user):
        return None
    rows = list(
        Notification.objects.filter(user=user, pk__in=notification_ids).order_by(
            "-created_at"
        )
    )
    hidden, titles = notifications_content(user, rows)
    rows = [n for n in rows if n.pk not in hidden]
    if not rows:
        return None
    groups = sorted({kind_group(n.kind) for n in rows})
    unsubscribe = {group: unsubscribe_url(user, group) for group in groups}
    # The header's one click stops the whole digest: every group it covers.
    header_url = (
        unsubscribe[groups[0]]
        if len(groups) == 1
        else unsubscribe_url(user, ALL_GROUPS)
    )
    subject, body = _digest_text(period, rows, titles, unsubscribe)
    return subject, body, _unsubscribe_headers(header_url)


def _digest_text(
    period: str,
    notifications: list[Notification],
    titles: dict[int, Content],
    unsubscribe: dict[str, str],
) -> tuple[str, str]:
    """Counts per group, thread titles only where anyone may read the thread (SPEC §7)."""
    subject = (
        _("Your daily summary from %(site)s")
        if period == EmailChoice.DAILY
        else _("Your weekly summary from %(site)s")
    ) % {"site": settings.SITE_NAME}
    lines = [
        ngettext(
            "You have %(count)d new notification.",
            "You have %(count)d new notifications.",
            len(notifications),
        )
        % {"count": len(notifications)},
        "",
    ]
    by_group: dict[str, list[Notification]] = {}
    for notification in notifications:
        by_group.setdefault(kind_group(notification.kind), []).append(notification)
    labels = dict(KindGroup.choices)
    for group, rows in by_group.items():
        lines.append(f"{labels[group]}: {len(rows)}")
        shown = sorted(
            {
                titles[n.pk].title
                for n in rows
                if n.pk in titles and titles[n.pk].is_public
            }
        )
        lines += [f"  - {title}" for title in shown]
    lines += [
        "",
        _("Read them here: %(link)s")
        % {"link": _link(reverse("accounts:notifications"))},
        "",
        _("To stop these e-mails:"),
    ]
    for group, url in unsubscribe.items():
        lines.append(f"  {labels[group]}: {url}")
    return subject, "\n".join(lines)
