"""Moderators' decisions on cases, threads and members. Each writes one audit entry and
sends one statement of reasons (moderation.services.audit.audit_record)."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_moderate
from accounts.sanctions import INDEFINITE
from core import live
from forum.models import PostStatus, Thread
from forum.services.visibility import post_hide, post_restore, thread_slow_mode_set
from moderation import events
from moderation.models import (
    Action,
    AuditEntry,
    Case,
    CaseEvent,
    CaseState,
    Guideline,
    Statement,
)
from moderation.services.audit import (
    audit_record,
    clean_reason,
    flaggers_notify,
    require_moderator,
    statement_link_mail,
)

MAX_SLOW_MODE_MINUTES = 24 * 60


def _clean_guideline(guideline: str) -> str:
    if guideline not in Guideline.values:
        raise ValidationError(_("Choose a guideline from the list."), code="invalid")
    return guideline


def _case_locked(case: Case, by: User) -> Case:
    """The case row, locked; refused when another moderator has claimed it."""
    require_moderator(by)
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("post__thread", "post__author")
        .get(pk=case.pk)
    )
    if case.assignee_id is not None and case.assignee_id != by.pk:
        raise ValidationError(
            _("%(name)s has claimed this case; ask them or unclaim it first.")
            % {"name": case.assignee.username},
            code="claimed",
        )
    return case


def _close(case: Case, *, by: User, state: str, kind: str, reason: str) -> None:
    now = timezone.now()
    case.state = state
    case.decided_at = now
    case.decided_by = by
    case.updated_at = now
    case.save(update_fields=["state", "decided_at", "decided_by", "updated_at"])
    CaseEvent.objects.create(case=case, actor=by, kind=kind, text=reason[:300])
    flaggers_notify(case, action_taken=state == CaseState.RESOLVED)
    events.case_changed(case)


@transaction.atomic
def case_hide(*, case: Case, by: User, reason: str, guideline: str) -> AuditEntry:
    """Hide the post (live, from every reader) and resolve the case."""
    case = _case_locked(case, by)
    reason = clean_reason(reason)
    guideline = _clean_guideline(guideline)
    if case.post.status not in (PostStatus.PUBLISHED, PostStatus.HIDDEN):
        raise ValidationError(_("This post is no longer visible."), code="gone")
    post = post_hide(post=case.post, by=by)
    entry = audit_record(
        actor=by,
        action=Action.POST_HIDE,
        target=post,
        case=case,
        reason=reason,
        guideline=guideline,
    )
    _close(case, by=by, state=CaseState.RESOLVED, kind="hidden", reason=reason)
    return entry


@transaction.atomic
def case_restore(
    *, case: Case, by: User, reason: str, guideline: str, body: str | None = None
) -> AuditEntry:
    """Publish a hidden post again, edited first when `body` is given.

    Plain restore rejects the flags; edit-and-restore resolves the case (action taken).
    """
    case = _case_locked(case, by)
    reason = clean_reason(reason)
    guideline = _clean_guideline(guideline)
    if case.post.status != PostStatus.HIDDEN:
        raise ValidationError(_("Only a hidden post can be restored."), code="state")
    post = post_restore(post=case.post, by=by, body=body)
    edited = body is not None and post.version != case.post.version
    entry = audit_record(
        actor=by,
        action=Action.POST_EDIT_RESTORE if edited else Action.POST_RESTORE,
        target=post,
        case=case,
        reason=reason,
        guideline=guideline,
    )
    if case.state == CaseState.OPEN:
        _close(
            case,
            by=by,
            state=CaseState.RESOLVED if edited else CaseState.REJECTED,
            kind="edited_restored" if edited else "restored",
            reason=reason,
        )
    else:
        CaseEvent.objects.create(case=case, actor=by, kind="restored", text=reason)
        events.case_changed(case)
    return entry


@transaction.atomic
def case_dismiss(*, case: Case, by: User, reason: str) -> AuditEntry:
    """The post breaks no guideline: close the case and restore it if it was auto-hidden."""
    case = _case_locked(case, by)
    reason = clean_reason(reason)
    if case.state != CaseState.OPEN:
        raise ValidationError(_("This case is already closed."), code="closed")
    post = case.post
    if post.status == PostStatus.HIDDEN:
        post = post_restore(post=post, by=by)
    entry = audit_record(
        actor=by,
        action=Action.FLAGS_DISMISS,
        target=post,
        case=case,
        reason=reason,
    )
    _close(case, by=by, state=CaseState.REJECTED, kind="dismissed", reason=reason)
    return entry


@transaction.atomic
def case_lock_thread(
    *, case: Case, by: User, reason: str, guideline: str
) -> AuditEntry:
    """Stop replies to the case's thread (forum.services.thread_lock does the write)."""
    from forum.services import thread_lock

    case = _case_locked(case, by)
    reason = clean_reason(reason)
    guideline = _clean_guideline(guideline)
    # Row lock: a thread locked meanwhile would get no entry from thread_lock.
    if Thread.objects.select_for_update().filter(
        pk=case.post.thread_id, is_locked=True
    ):
        raise ValidationError(_("This thread is already locked."), code="locked")
    # forum's thread_lock writes the audit entry and the statement of reasons.
    thread = thread_lock(
        thread=case.post.thread, by=by, reason=reason, guideline=guideline, case=case
    )
    entry = (
        AuditEntry.objects.filter(thread=thread, case=case, action=Action.THREAD_LOCK)
        .order_by("-pk")
        .first()
    )
    CaseEvent.objects.create(case=case, actor=by, kind="thread_locked", text=reason)
    events.case_changed(case)
    return entry


@transaction.atomic
def thread_slow_mode_change(
    *, thread: Thread, by: User, minutes: int, reason: str
) -> AuditEntry:
    """Set slow mode on a thread (0 turns it off); logged like any action."""
    require_moderator(by)
    reason = clean_reason(reason)
    if not 0 <= minutes <= MAX_SLOW_MODE_MINUTES:
        raise ValidationError(
            _("Slow mode is between 0 and %(max)d minutes.")
            % {"max": MAX_SLOW_MODE_MINUTES},
            code="range",
        )
    thread = thread_slow_mode_set(thread=thread, by=by, minutes=minutes)
    return audit_record(
        actor=by, action=Action.THREAD_SLOW_MODE, target=thread, reason=reason
    )


def _sanctionable(user: User, by: User) -> User:
    require_moderator(by)
    if user.pk == by.pk:
        raise PermissionDenied(_("You cannot sanction yourself."))
    if can_moderate(user):
        raise PermissionDenied(
            _("Moderators and administrators are managed by an administrator.")
        )
    return User.objects.select_for_update().get(pk=user.pk)


def _until(until: datetime | None) -> datetime:
    if until is None:
        return INDEFINITE
    if until <= timezone.now():
        raise ValidationError(_("Choose an end in the future."), code="past")
    return until


@transaction.atomic
def member_silence(
    *,
    user: User,
    by: User,
    reason: str,
    guideline: str,
    until: datetime | None,
    case: Case | None = None,
) -> AuditEntry:
    """The member can read but not post until `until` (None: indefinitely)."""
    user = _sanctionable(user, by)
    reason = clean_reason(reason)
    guideline = _clean_guideline(guideline)
    user.silenced_until = _until(until)
    user.save(update_fields=["silenced_until"])
    return audit_record(
        actor=by,
        action=Action.USER_SILENCE,
        target=user,
        case=case,
        reason=reason,
        guideline=guideline,
        until=user.silenced_until,
    )


@transaction.atomic
def member_suspend(
    *,
    user: User,
    by: User,
    reason: str,
    guideline: str,
    until: datetime | None,
    case: Case | None = None,
) -> AuditEntry:
    """The member cannot log in until `until` (None: indefinitely); live sockets close.

    The member is e-mailed a signed link to the statement, whatever their e-mail
    setting: the notification is out of reach while they cannot log in.
    """
    user = _sanctionable(user, by)
    reason = clean_reason(reason)
    guideline = _clean_guideline(guideline)
    user.suspended_until = _until(until)
    user.save(update_fields=["suspended_until"])
    live.user_disconnect(user.pk)
    entry = audit_record(
        actor=by,
        action=Action.USER_SUSPEND,
        target=user,
        case=case,
        reason=reason,
        guideline=guideline,
        until=user.suspended_until,
    )
    statement = Statement.objects.filter(audit_entry=entry).first()
    if statement is not None:
        statement_link_mail(user=user, statement=statement, is_appeal_outcome=False)
    return entry


@transaction.atomic
def member_sanction_lift(*, user: User, by: User, reason: str) -> AuditEntry:
    """End a silence or suspension now."""
    user = _sanctionable(user, by)
    reason = clean_reason(reason)
    if not user.is_silenced and not user.is_suspended:
        raise ValidationError(
            _("This member has no sanction to lift."), code="no_sanction"
        )
    user.silenced_until = None
    user.suspended_until = None
    user.save(update_fields=["silenced_until", "suspended_until"])
    return audit_record(actor=by, action=Action.USER_LIFT, target=user, reason=reason)
