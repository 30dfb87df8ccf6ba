"""Moderators' actions on a thread: lock, unlock, pin, unpin, move. forum changes the
thread and records the live event (forum.services.visibility); each change here writes
its audit entry, and only a change does."""

from django.db import transaction

from accounts.models import User
from forum.models import Category, Thread
from forum.services.visibility import (
    thread_category_set,
    thread_lock_set,
    thread_pin_set,
)
from moderation.models import Action, AuditEntry, Case, Guideline
from moderation.services.audit import audit_record


@transaction.atomic
def thread_lock_record(
    *,
    thread: Thread,
    by: User,
    reason: str,
    guideline: str = Guideline.NONE,
    case: Case | None = None,
) -> tuple[Thread, AuditEntry | None]:
    """Lock the thread and write its audit entry (None when it was already locked)."""
    thread, changed = thread_lock_set(thread=thread, by=by, is_locked=True)
    if not changed:
        return thread, None
    return thread, audit_record(
        actor=by,
        action=Action.THREAD_LOCK,
        target=thread,
        reason=reason,
        guideline=guideline,
        case=case,
    )


def thread_lock(*, thread: Thread, by: User, reason: str) -> Thread:
    """Stop replies to a thread. Moderators only; locking twice changes nothing."""
    return thread_lock_record(thread=thread, by=by, reason=reason)[0]


@transaction.atomic
def thread_unlock(*, thread: Thread, by: User, reason: str) -> Thread:
    """Accept replies again. Moderators only; unlocking twice changes nothing."""
    thread, changed = thread_lock_set(thread=thread, by=by, is_locked=False)
    if changed:
        audit_record(
            actor=by, action=Action.THREAD_UNLOCK, target=thread, reason=reason
        )
    return thread


@transaction.atomic
def thread_pin(*, thread: Thread, by: User, reason: str) -> Thread:
    """Keep a thread at the top of its category. Moderators only."""
    thread, changed = thread_pin_set(thread=thread, by=by, is_pinned=True)
    if changed:
        audit_record(actor=by, action=Action.THREAD_PIN, target=thread, reason=reason)
    return thread


@transaction.atomic
def thread_unpin(*, thread: Thread, by: User, reason: str) -> Thread:
    """Let a pinned thread sort by activity again. Moderators only."""
    thread, changed = thread_pin_set(thread=thread, by=by, is_pinned=False)
    if changed:
        audit_record(actor=by, action=Action.THREAD_UNPIN, target=thread, reason=reason)
    return thread


@transaction.atomic
def thread_move(*, thread: Thread, by: User, reason: str, category: Category) -> Thread:
    """Move a thread to another category; both categories' counters follow."""
    thread, changed = thread_category_set(thread=thread, by=by, category=category)
    if changed:
        audit_record(actor=by, action=Action.THREAD_MOVE, target=thread, reason=reason)
    return thread
