"""The audit log and statements of reasons: one entry and one statement per action."""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import notification_send
from core.mail import mail_composer, member_language, member_mail_enqueue
from forum.models import Post, Thread
from moderation.models import (
    Action,
    AuditEntry,
    Case,
    Flag,
    Guideline,
    Statement,
)
from moderation.selectors import STATEMENT_LINK_MAX_AGE, statement_link

MAX_REASON_LENGTH = 2000

# Decisions against a member that they may ask another moderator to review. A
# moderator's edit is not among them: its author can edit the post again themselves.
APPEALABLE = frozenset(
    {
        Action.POST_HIDE,
        Action.POST_REJECT,
        Action.THREAD_LOCK,
        Action.THREAD_SLOW_MODE,
        Action.USER_SILENCE,
        Action.USER_SUSPEND,
    }
)


# Decisions that do not affect the member: logged, but no statement of reasons is sent.
UNANNOUNCED = frozenset(
    {
        Action.THREAD_PIN,
        Action.THREAD_UNPIN,
        Action.MODERATOR_APPOINT,
        Action.MODERATOR_REMOVE,
        # The member is told by a notification and sees the check-in itself.
        Action.CHECKIN_OPEN,
    }
)


def clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Give a reason: the member will read it."), code="required"
        )
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(
            _("Keep the reason to %(limit)d characters.")
            % {"limit": MAX_REASON_LENGTH},
            code="max_length",
        )
    return reason


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: Post | Thread | User | None,
    reason: str,
    guideline: str = Guideline.NONE,
    case: Case | None = None,
    until: datetime | None = None,
    subject: str = "",
    about: Callable[[], str] | None = None,
) -> AuditEntry:
    """Write one audit entry and send one statement of reasons to the affected member.

    `about()`, when given, names the decided item at the head of the member's
    notification (called in their language; the audit entry does not keep it).

    `actor=None` records an automated decision. Call inside the action's transaction.
    Actions in UNANNOUNCED (pin, unpin) are logged without a statement; so are actions
    on no member's content (`target=None`, e.g. watched words, described by `subject`).
    """
    post = target if isinstance(target, Post) else None
    thread = (
        target
        if isinstance(target, Thread)
        else (target.thread if isinstance(target, Post) else None)
    )
    member = target if target is None or isinstance(target, User) else target.author
    entry = AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_user=member,
        post=post,
        thread=thread,
        case=case,
        subject=subject,
        guideline=guideline,
        reason=reason,
        is_automated=actor is None,
        until=until,
    )
    if member is not None and member.erased_at is None and action not in UNANNOUNCED:
        _statement_send(entry, member, about=about)
    return entry


def _statement_send(
    entry: AuditEntry, member: User, *, about: Callable[[], str] | None = None
) -> Statement:
    statement = Statement.objects.create(
        audit_entry=entry,
        user=member,
        action=entry.action,
        guideline=entry.guideline,
        reason=entry.reason,
        is_automated=entry.is_automated,
        is_appealable=entry.action in APPEALABLE,
    )
    with member_language(member):
        text = statement_summary(statement)
        if about is not None:
            text = _("%(item)s: %(summary)s") % {"item": about(), "summary": text}
    notification_send(
        user=member,
        kind="moderation.statement",
        text=text,
        url=statement.get_absolute_url(),
    )
    return statement


def statement_summary(statement: Statement) -> str:
    """What was done, under which guideline, by whom (a person or automatically), appeal."""
    parts = [
        _("Moderation decision: %(action)s.")
        % {"action": statement.get_action_display()}
    ]
    if statement.guideline != Guideline.NONE:
        parts.append(
            _("Guideline: %(guideline)s.")
            % {"guideline": statement.get_guideline_display()}
        )
    parts.append(
        _("Decided automatically.")
        if statement.is_automated
        else _("Decided by a moderator.")
    )
    if statement.is_appealable:
        parts.append(
            _("You can appeal once until %(date)s; open this notice to do so.")
            % {"date": formats.date_format(statement.appeal_last_day, "DATE_FORMAT")}
        )
    return " ".join(parts)


def statement_link_mail(
    *, user: User, statement: Statement, is_appeal_outcome: bool
) -> None:
    """After commit, e-mail a suspended member the signed link to their statement.

    Sent whatever their e-mail setting: they cannot log in to read the notification.
    """
    if not user.email or user.erased_at is not None:
        return
    member_mail_enqueue(
        user,
        "moderation.statement_link",
        event_key=f"statement:{statement.pk}:{int(is_appeal_outcome)}",
        statement_id=statement.pk,
        is_appeal_outcome=is_appeal_outcome,
    )


@mail_composer("moderation.statement_link")
def _compose_statement_link(
    user: User, *, statement_id: int, is_appeal_outcome: bool
) -> tuple[str, str] | None:
    statement = Statement.objects.filter(pk=statement_id, user=user).first()
    if statement is None or user.erased_at is not None:
        return None
    # SPEC §7: only a link, never the reason or the post concerned.
    values = {
        "site": settings.SITE_NAME,
        "link": settings.SITE_URL.rstrip("/") + statement_link(statement),
        "days": STATEMENT_LINK_MAX_AGE.days,
    }
    if is_appeal_outcome:
        subject = _("Your appeal on %(site)s is decided") % values
        text = _(
            "A moderator decided your appeal against the suspension of your "
            "account on %(site)s.\n\nRead the outcome: %(link)s"
        )
    else:
        subject = _("Your account on %(site)s is suspended") % values
        text = _(
            "A moderator suspended your account on %(site)s.\n\n"
            "Read why, and appeal if you disagree: %(link)s"
        )
    body = (
        (text % values)
        + "\n\n"
        + _(
            "The link works for %(days)d days. After that, log in with your "
            "password to get a new one."
        )
        % values
    )
    return subject, body


def flaggers_notify(case: Case, *, action_taken: bool) -> int:
    """Tell everyone whose flag this decision handled; returns how many flags closed."""
    flags = list(
        Flag.objects.filter(case=case, handled_at__isnull=True).select_related(
            "flagger"
        )
    )
    for flag in flags:
        if flag.flagger is None or flag.flagger.erased_at is not None:
            continue
        with member_language(flag.flagger):
            text = (
                _(
                    "Thank you: a moderator reviewed a post you reported and acted on it."
                )
                if action_taken
                else _(
                    "Thank you: a moderator reviewed a post you reported and found "
                    "that it does not break the guidelines."
                )
            )
        notification_send(user=flag.flagger, kind="moderation.flag_handled", text=text)
    return Flag.objects.filter(pk__in=[flag.pk for flag in flags]).update(
        handled_at=timezone.now()
    )


def moderator_change_record(user: User, by: User, is_moderator: bool) -> AuditEntry:
    """The audit entry for an administrator appointing or removing a moderator."""
    return audit_record(
        actor=by,
        action=Action.MODERATOR_APPOINT if is_moderator else Action.MODERATOR_REMOVE,
        target=user,
        reason=_("Changed by an administrator."),
    )
