"""Private check-ins: a moderator or an organisation's support worker talks privately
with one member. Every write checks who may do it; opening one is audited.

Not re-exported from moderation.services: it uses moderation.screening, which imports
that package.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.permissions import can_moderate, is_member
from accounts.services import is_blocked_between, notification_send
from core import live
from core.text import render_markdown
from forum.services.validation import clean_body, clean_idempotency_key
from moderation import matching
from moderation.models import (
    Action,
    Case,
    CheckIn,
    CheckInMessage,
    CheckInState,
    WatchedAction,
)
from moderation.screening import watched_word_index
from moderation.selectors import can_open_checkins, can_write_checkin
from moderation.services.audit import audit_record, clean_reason

NOTIFY_TEXT = gettext_lazy("A new message in a private check-in.")
OPENED_TEXT = gettext_lazy(
    "A moderator or support worker opened a private check-in with you."
)
BLOCKED_TEXT = gettext_lazy(
    "One of you has blocked the other, so this check-in cannot go on between you. "
    "A moderator can check in instead."
)


@transaction.atomic
def checkin_open(
    *, member: User, by: User, reason: str, case: Case | None = None
) -> CheckIn:
    if not can_open_checkins(by):
        raise PermissionDenied(
            _("Only moderators and support workers can open a private check-in.")
        )
    if member.pk == by.pk:
        raise ValidationError(_("You cannot open a check-in with yourself."))
    if not is_member(member) or member.erased_at is not None:
        raise ValidationError(_("This member cannot be contacted."))
    # A support worker is a member like any other to a block (a moderator never is).
    if is_blocked_between(member, by):
        raise ValidationError(BLOCKED_TEXT, code="blocked")
    if case is not None and not can_moderate(by):
        # A support worker cannot see cases, so cannot link one.
        raise PermissionDenied(_("Only moderators can open a check-in from a case."))
    reason = clean_reason(reason)
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Say why you are opening this check-in.")}, code="required"
        )
    checkin = CheckIn.objects.create(
        member=member, opened_by=by, reason=reason, case=case
    )
    audit_record(
        actor=by,
        action=Action.CHECKIN_OPEN,
        target=member,
        reason=reason,
        case=case,
        subject=f"check-in {checkin.pk}",
    )
    notification_send(
        user=member,
        kind="checkin",
        text=str(OPENED_TEXT),
        url=checkin.get_absolute_url(),
    )
    return checkin


def _screen(body: str, author: User) -> tuple[str, list[str]]:
    """Watched words: refuse, mask, or note for a moderator (never held: it is a
    conversation)."""
    # A check-in has no language of its own: it is written in its author's.
    language = author.preferred_language or settings.LANGUAGE_CODE
    matches = matching.find_words(
        body, watched_word_index(author=author, language=language)
    )
    blocked = sorted(
        {body[m.start : m.end] for m in matches if m.action == WatchedAction.BLOCK}
    )
    if blocked:
        raise ValidationError(
            _(
                "Your message contains words this community does not allow: %(words)s. "
                "Please change them and send it again."
            )
            % {"words": ", ".join(blocked)},
            code="watched_word_block",
        )
    censored = [m for m in matches if m.action == WatchedAction.CENSOR]
    if censored:
        body = matching.censor(body, censored)
    noted = sorted({m.word for m in matches if m.action != WatchedAction.CENSOR})
    return body, noted


@transaction.atomic
def checkin_message_send(
    *, checkin: CheckIn, by: User, body: str, idempotency_key: str = ""
) -> CheckInMessage:
    checkin = CheckIn.objects.select_for_update().get(pk=checkin.pk)
    if not can_write_checkin(by, checkin):
        if checkin.is_closed and is_member(by):
            raise ValidationError(_("This check-in is closed."), code="closed")
        raise PermissionDenied(_("You cannot write in this check-in."))
    if is_blocked_between(checkin.member, checkin.opened_by):
        raise ValidationError(BLOCKED_TEXT, code="blocked")
    body = clean_body(body)
    key = clean_idempotency_key(idempotency_key)
    if key:
        existing = CheckInMessage.objects.filter(
            checkin=checkin, author=by, idempotency_key=key
        ).first()
        if existing is not None:
            return existing
    body, noted = _screen(body, by)
    now = timezone.now()
    try:
        with transaction.atomic():
            message = CheckInMessage.objects.create(
                checkin=checkin,
                author=by,
                body=body,
                body_html=render_markdown(body),
                flagged_words=", ".join(noted)[:300],
                idempotency_key=key,
                created_at=now,
            )
    except IntegrityError:
        return CheckInMessage.objects.get(
            checkin=checkin, author=by, idempotency_key=key
        )
    checkin.updated_at = now
    checkin.save(update_fields=["updated_at"])
    other_id = checkin.opened_by_id if by.pk == checkin.member_id else checkin.member_id
    if other_id is not None:
        other = User.objects.get(pk=other_id)
        live.user_checkin_message(other.pk, checkin.pk, message.pk)
        live.user_checkin_message(by.pk, checkin.pk, message.pk)
        notification_send(
            user=other,
            kind="checkin",
            text=str(NOTIFY_TEXT),
            url=checkin.get_absolute_url(),
        )
    return message


@transaction.atomic
def checkin_close(*, checkin: CheckIn, by: User) -> CheckIn:
    """The member or the opener closes it."""
    checkin = CheckIn.objects.select_for_update().get(pk=checkin.pk)
    if not is_member(by) or by.pk not in (checkin.member_id, checkin.opened_by_id):
        raise PermissionDenied(_("You cannot close this check-in."))
    if not checkin.is_closed:
        checkin.state = CheckInState.CLOSED
        checkin.closed_at = checkin.updated_at = timezone.now()
        checkin.save(update_fields=["state", "closed_at", "updated_at"])
    return checkin


@transaction.atomic
def checkin_request_close(*, checkin: CheckIn, by: User) -> CheckIn:
    """The member asks the opener to close it (and may still close it themselves)."""
    checkin = CheckIn.objects.select_for_update().get(pk=checkin.pk)
    if not is_member(by) or by.pk != checkin.member_id:
        raise PermissionDenied(_("Only the member can ask for this check-in to close."))
    if checkin.state == CheckInState.OPEN:
        checkin.state = CheckInState.CLOSE_REQUESTED
        checkin.updated_at = timezone.now()
        checkin.save(update_fields=["state", "updated_at"])
        if checkin.opened_by_id is not None:
            notification_send(
                user=checkin.opened_by,
                kind="checkin",
                text=_("A member asked for a private check-in to be closed."),
                url=checkin.get_absolute_url(),
            )
    return checkin


@transaction.atomic
def checkin_message_report(
    *, message: CheckInMessage, by: User, note: str = ""
) -> None:
    """The member reports a message; every moderator but the opener is told."""
    checkin = message.checkin
    if not is_member(by) or by.pk != checkin.member_id or message.author_id == by.pk:
        raise PermissionDenied(_("You can report only messages sent to you."))
    if message.reported_at is not None:
        return
    message.reported_at = timezone.now()
    message.report_note = clean_reason(note)
    message.save(update_fields=["reported_at", "report_note"])
    moderators = User.objects.filter(is_active=True, is_moderator=True).exclude(
        pk__in=[checkin.opened_by_id or 0, by.pk]
    )
    for moderator in moderators:
        notification_send(
            user=moderator,
            kind="checkin_report",
            text=_("A member reported a message in a private check-in."),
            url=checkin.get_absolute_url(),
        )


@transaction.atomic
def checkin_report_review(*, message: CheckInMessage, by: User) -> None:
    """A moderator other than the opener marks a reported message reviewed."""
    if not can_moderate(by) or by.pk == message.checkin.opened_by_id:
        raise PermissionDenied(
            _("Another moderator than the one who opened the check-in reviews reports.")
        )
    message.report_reviewed_by = by
    message.save(update_fields=["report_reviewed_by"])


def checkins_purge_closed(now=None) -> int:
    """Delete check-ins closed more than RETENTION_CLOSED_CHECKIN_DAYS ago; returns how many.
    For `manage.py apply_retention`."""
    cutoff = (now or timezone.now()) - timedelta(
        days=settings.RETENTION_CLOSED_CHECKIN_DAYS
    )
    _total, per_model = CheckIn.objects.filter(
        state=CheckInState.CLOSED, closed_at__lt=cutoff
    ).delete()
    return per_model.get("moderation.CheckIn", 0)
