"""Every write of the moderation app. Other apps import from here."""

from moderation.services.actions import (
    INDEFINITE,
    case_dismiss,
    case_hide,
    case_lock_thread,
    case_restore,
    member_sanction_lift,
    member_silence,
    member_suspend,
    thread_slow_mode_change,
)
from moderation.services.appeals import appeal_create, appeal_decide
from moderation.services.approval import (
    approval_approve,
    approval_queue_add,
    approval_reject,
    review_decide,
)
from moderation.services.audit import audit_record, statement_summary
from moderation.services.flags import (
    case_claim,
    case_note_add,
    case_open_automatic,
    case_unclaim,
    flag_create,
)
from moderation.services.threads import (
    thread_lock,
    thread_move,
    thread_pin,
    thread_unlock,
    thread_unpin,
)
from moderation.services.words import watched_word_add, watched_word_delete

__all__ = [
    "INDEFINITE",
    "appeal_create",
    "appeal_decide",
    "approval_approve",
    "approval_queue_add",
    "approval_reject",
    "audit_record",
    "case_claim",
    "case_dismiss",
    "case_hide",
    "case_lock_thread",
    "case_note_add",
    "case_open_automatic",
    "case_restore",
    "case_unclaim",
    "flag_create",
    "member_sanction_lift",
    "member_silence",
    "member_suspend",
    "review_decide",
    "statement_summary",
    "thread_lock",
    "thread_move",
    "thread_pin",
    "thread_slow_mode_change",
    "thread_unlock",
    "thread_unpin",
    "watched_word_add",
    "watched_word_delete",
]
