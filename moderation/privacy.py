"""Moderation's part of export and erasure (called by accounts.services.privacy).

The reporter of a flag is never revealed to the reported member: a member's export holds
the flags they filed and the decisions about them, never who flagged their posts, nor
moderators' private notes.
"""

from typing import Any

from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext as _

from accounts.models import User
from moderation.models import Appeal, Case, CaseNote, Flag, Statement


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_user_data(user: User) -> dict[str, Any]:
    flags = Flag.objects.filter(flagger=user).select_related("post").order_by("pk")
    statements = (
        Statement.objects.filter(user=user).select_related("appeal").order_by("pk")
    )
    return {
        "flags_filed": [
            {
                "post": flag.post.get_absolute_url(),
                "reason": flag.reason,
                "note": flag.note,
                "created_at": _iso(flag.created_at),
                "updated_at": _iso(flag.updated_at),
            }
            for flag in flags
        ],
        "moderation_decisions": [
            {
                "action": statement.action,
                "guideline": statement.guideline,
                "reason": statement.reason,
                "automated": statement.is_automated,
                "created_at": _iso(statement.created_at),
                "appeal": _appeal(statement),
            }
            for statement in statements
        ],
    }


def _appeal(statement: Statement) -> dict[str, Any] | None:
    try:
        appeal = statement.appeal
    except Appeal.DoesNotExist:
        return None
    return {
        "text": appeal.text,
        "state": appeal.state,
        "decision_reason": appeal.decision_reason,
        "created_at": _iso(appeal.created_at),
        "decided_at": _iso(appeal.decided_at),
    }


def erase_user_data(user: User, *, keep_posts: bool) -> None:
    """Flags they filed lose their name and note (the flag still counts); snapshots of
    their posts lose their name, and their words unless posts are kept; their appeals'
    text goes. The audit log keeps what moderators decided."""
    Flag.objects.filter(flagger=user).update(flagger=None, note="")
    CaseNote.objects.filter(author=user).update(author=None)
    # The forum may already have detached their posts (apps erase in any order); the
    # snapshot keeps the name it was taken under.
    cases = Case.objects.filter(
        pk__in=list(
            Case.objects.filter(
                Q(post__author=user) | Q(snapshot_author=user.username)
            ).values_list("pk", flat=True)
        )
    )
    if not keep_posts:
        cases.update(
            snapshot_body_html=format_html("<p>{}</p>", _("(erased by its author)"))
        )
    cases.update(snapshot_author="")
    Appeal.objects.filter(statement__user=user).update(text="")
    Statement.objects.filter(user=user).update(reason="")
