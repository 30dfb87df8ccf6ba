"""Moderation's part of export and erasure (called by accounts.services.privacy).

The reporter of a flag is never revealed to the reported member: a member's export holds
the flags they filed and the decisions about them, never who flagged their posts, nor
moderators' private notes.
"""

import re
from typing import Any

from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext as _

from accounts.models import User
from core.text import render_markdown
from forum.models import Post
from forum.privacy import scrub_member_text
from moderation.models import (
    Appeal,
    AuditEntry,
    Case,
    CaseEvent,
    CaseNote,
    CheckIn,
    CheckInMessage,
    Flag,
    Statement,
)


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
        "checkins": _checkins(user),
    }


def _checkins(user: User) -> list[dict[str, Any]]:
    """Their private check-ins as the member. Who opened one is a moderator or support
    worker; the export says "you" or "staff", never another person's name."""
    rows = CheckIn.objects.filter(member=user).prefetch_related("messages")
    return [
        {
            "state": checkin.state,
            "created_at": _iso(checkin.created_at),
            "closed_at": _iso(checkin.closed_at),
            "messages": [
                {
                    "from": "you" if message.author_id == user.pk else "staff",
                    "body": message.body,
                    "created_at": _iso(message.created_at),
                    "reported_at": _iso(message.reported_at),
                }
                for message in checkin.messages.all()
            ],
        }
        for checkin in rows
    ]


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


def redact_member(text: str, *, username: str, email: str) -> str:
    """Text someone else typed, without the erased member's e-mail address or username.

    The username is matched as a whole handle (with or without "@"), case as written:
    other members' handles that contain it stay.
    """
    if email:
        text = re.sub(
            rf"(?<![\w.+-]){re.escape(email)}(?![\w-])",
            _("[e-mail address removed]"),
            text,
            flags=re.IGNORECASE,
        )
    if username:
        text = _handle(username).sub(_("deleted member"), text)
    return text


def _handle(username: str) -> re.Pattern[str]:
    # A trailing "." ends a sentence; "alice.b" and "alice@host" are something else.
    return re.compile(rf"(?<![\w.+-])@?{re.escape(username)}(?![\w+@-]|\.\w)")


def _redact_texts(user: User) -> None:
    """Notes, reasons and appeals that others typed about the member (docs/decisions.md)."""
    username, email = user.username, user.email
    fields = {
        CaseNote: ["text"],
        Flag: ["note"],
        CaseEvent: ["text"],
        AuditEntry: ["reason"],
        Statement: ["reason"],
        Appeal: ["text", "decision_reason"],
    }
    for model, names in fields.items():
        touches = Q()
        for name in names:
            touches |= Q(**{f"{name}__contains": username})
            if email:
                touches |= Q(**{f"{name}__icontains": email})
        for row in model.objects.filter(touches).iterator():
            changed = []
            for name in names:
                value = redact_member(
                    getattr(row, name), username=username, email=email
                )
                if value != getattr(row, name):
                    setattr(row, name, value)
                    changed.append(name)
            if changed:
                row.save(update_fields=changed)


def _scrub_snapshots(user: User, *, keep_posts: bool) -> None:
    """Snapshots that quote or mention the member are scrubbed like posts: the same
    rewrite of the Markdown, rendered again."""
    username = user.username
    post_ids = {
        str(pk) for pk in Post.objects.filter(author=user).values_list("pk", flat=True)
    }
    for case in Case.objects.filter(
        Q(snapshot_body__contains=f"@{username}") | Q(snapshot_body__contains="](/p/")
    ).iterator():
        text = scrub_member_text(
            case.snapshot_body,
            username=username,
            post_ids=post_ids,
            keep_posts=keep_posts,
        )
        if text != case.snapshot_body:
            case.snapshot_body = text
            case.snapshot_body_html = render_markdown(text)
            case.save(update_fields=["snapshot_body", "snapshot_body_html"])
    # Snapshots taken before their Markdown was kept cannot be rewritten: one that
    # names the member is replaced whole.
    legacy = Case.objects.filter(
        snapshot_body="", snapshot_body_html__contains=username
    )
    for case in legacy.iterator():
        if _handle(username).search(case.snapshot_body_html):
            case.snapshot_body_html = format_html(
                "<p>{}</p>",
                _("(removed: it named a member who has deleted their account)"),
            )
            case.save(update_fields=["snapshot_body_html"])


def hide_name_before(user: User, before) -> int:
    """Case snapshots of the member's posts from before `before` lose their name, and
    snapshots that quote those posts show "a member". Runs before the forum's part."""
    posts = Post.objects.filter(author=user, created_at__lt=before)
    post_ids = {str(pk) for pk in posts.values_list("pk", flat=True)}
    if not post_ids:
        return 0
    Case.objects.filter(post__in=posts).update(snapshot_author="")
    for case in Case.objects.filter(snapshot_body__contains="](/p/").iterator():
        text = scrub_member_text(
            case.snapshot_body,
            username=user.username,
            post_ids=post_ids,
            keep_posts=True,
            placeholder=_("a member"),
            mentions=False,
        )
        if text != case.snapshot_body:
            case.snapshot_body = text
            case.snapshot_body_html = render_markdown(text)
            case.save(update_fields=["snapshot_body", "snapshot_body_html"])
    return 0


def erase_user_data(user: User, *, keep_posts: bool) -> None:
    """Flags they filed lose their name and note (the flag still counts); snapshots of
    their posts lose their name, and their words unless posts are kept; others'
    snapshots lose quotes and mentions of them as posts do; what others typed about
    them loses their e-mail address and username; their appeals' text goes. The audit
    log keeps what moderators decided.

    Runs before the forum's erasure, while their posts still name them.
    """
    Flag.objects.filter(flagger=user).update(flagger=None, note="")
    # Their check-ins go whole; in those they opened as staff, their name goes.
    CheckIn.objects.filter(member=user).delete()
    CheckIn.objects.filter(opened_by=user).update(opened_by=None)
    CheckInMessage.objects.filter(author=user).update(author=None)
    CaseNote.objects.filter(author=user).update(author=None)
    own = Case.objects.filter(
        pk__in=list(
            Case.objects.filter(
                Q(post__author=user) | Q(snapshot_author=user.username)
            ).values_list("pk", flat=True)
        )
    )
    _scrub_snapshots(user, keep_posts=keep_posts)
    if not keep_posts:
        own.update(
            snapshot_body="",
            snapshot_body_html=format_html("<p>{}</p>", _("(erased by its author)")),
        )
    own.update(snapshot_author="")
    Appeal.objects.filter(statement__user=user).update(text="")
    Statement.objects.filter(user=user).update(reason="")
    _redact_texts(user)
