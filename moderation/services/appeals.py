"""Appeals: a member asks once, within six months, for another moderator to decide."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require_moderator
from accounts.services.sanctions import member_sanction_lift
from forum.models import PostStatus
from forum.services.visibility import (
    post_approve,
    post_restore,
    thread_reopen,
    thread_slow_mode_set,
)
from moderation.models import Action, Appeal, AppealState, AuditEntry, Statement
from moderation.services.audit import (
    audit_record,
    clean_reason,
    statement_link_mail,
)

MAX_APPEAL_LENGTH = 3000


@transaction.atomic
def appeal_create(*, statement: Statement, by: User, text: str) -> Appeal:
    """Ask for a decision to be reviewed; only its member, once, within the window."""
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.user_id != by.pk:
        raise PermissionDenied(_("Only the member a decision concerns can appeal it."))
    if not statement.is_appealable:
        raise ValidationError(_("This decision cannot be appealed."), code="final")
    if not statement.is_appeal_window_open:
        raise ValidationError(
            _("The six months to appeal this decision have passed."), code="late"
        )
    if Appeal.objects.filter(statement=statement).exists():
        raise ValidationError(
            _("You have already appealed this decision."), code="duplicate"
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError(
            _("Tell the moderators why the decision should change."), code="required"
        )
    if len(text) > MAX_APPEAL_LENGTH:
        raise ValidationError(
            _("Keep the appeal to %(limit)d characters.")
            % {"limit": MAX_APPEAL_LENGTH},
            code="max_length",
        )
    return Appeal.objects.create(statement=statement, text=text)


# Decisions that replace one another, by what they concern: an appeal undoes a
# decision only while none of its group came after it.
_POST_DECISIONS = (
    Action.POST_HIDE,
    Action.POST_AUTO_HIDE,
    Action.POST_RESTORE,
    Action.POST_EDIT_RESTORE,
    Action.POST_APPROVE,
    Action.POST_EDIT_APPROVE,
    Action.POST_REJECT,
    Action.FLAGS_DISMISS,
)
_SUPERSEDED_BY = {
    Action.POST_HIDE: ("post_id", _POST_DECISIONS),
    Action.POST_AUTO_HIDE: ("post_id", _POST_DECISIONS),
    Action.POST_REJECT: ("post_id", _POST_DECISIONS),
    Action.THREAD_LOCK: ("thread_id", (Action.THREAD_LOCK, Action.THREAD_UNLOCK)),
    Action.THREAD_SLOW_MODE: ("thread_id", (Action.THREAD_SLOW_MODE,)),
    Action.USER_SILENCE: ("target_user_id", (Action.USER_SILENCE, Action.USER_LIFT)),
    Action.USER_SUSPEND: ("target_user_id", (Action.USER_SUSPEND, Action.USER_LIFT)),
}


def _is_latest_decision(entry: AuditEntry) -> bool:
    """True unless a later decision on the same post, thread or member replaced it."""
    field, actions = _SUPERSEDED_BY[entry.action]
    target = getattr(entry, field)
    if target is None:
        return False
    return not AuditEntry.objects.filter(
        **{field: target}, action__in=actions, pk__gt=entry.pk
    ).exists()


def _reverse(entry: AuditEntry, by: User) -> None:
    """Undo what the appealed decision did, where it can still be undone.

    A decision that a later one replaced is left as it is: overturning an old hide
    must not restore a post another moderator hid again since. Only the forum rows
    change here: the overturn itself is the one audit entry and the one statement
    (appeal_decide).
    """
    if entry.action not in _SUPERSEDED_BY or not _is_latest_decision(entry):
        return
    if entry.action in (Action.POST_HIDE, Action.POST_AUTO_HIDE):
        if entry.post.status == PostStatus.HIDDEN:
            post_restore(post=entry.post, by=by)
    elif entry.action == Action.POST_REJECT:
        post_approve(post=entry.post, by=by)
    elif entry.action == Action.USER_SILENCE and entry.target_user is not None:
        member_sanction_lift(user=entry.target_user, by=by, suspension=False)
    elif entry.action == Action.USER_SUSPEND and entry.target_user is not None:
        member_sanction_lift(user=entry.target_user, by=by, silence=False)
    elif entry.action == Action.THREAD_SLOW_MODE:
        thread_slow_mode_set(thread=entry.thread, by=by, minutes=0)
    elif entry.action == Action.THREAD_LOCK:
        thread_reopen(thread=entry.thread, by=by)


@transaction.atomic
def appeal_decide(
    *, appeal: Appeal, by: User, overturn: bool, reason: str
) -> AuditEntry:
    """Uphold or overturn; never by the moderator who made the decision. Member told."""
    require_moderator(by)
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("statement__audit_entry", "statement__user")
        .get(pk=appeal.pk)
    )
    entry = appeal.statement.audit_entry
    if by.pk in (entry.actor_id, appeal.statement.user_id):
        raise PermissionDenied(_("A different moderator must decide this appeal."))
    if appeal.state != AppealState.PENDING:
        raise ValidationError(_("This appeal is already decided."), code="decided")
    reason = clean_reason(reason)
    if overturn:
        _reverse(entry, by)
    appeal.state = AppealState.OVERTURNED if overturn else AppealState.UPHELD
    appeal.decided_by = by
    appeal.decided_at = timezone.now()
    appeal.decision_reason = reason
    appeal.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
    outcome = audit_record(
        actor=by,
        action=Action.APPEAL_OVERTURN if overturn else Action.APPEAL_UPHOLD,
        target=appeal.statement.user,
        reason=reason,
        guideline=entry.guideline,
        case=entry.case,
    )
    if entry.action == Action.USER_SUSPEND:
        # An upheld suspension keeps the member logged out: the outcome is on the
        # suspension's statement, which the signed link opens.
        statement_link_mail(
            user=appeal.statement.user,
            statement=appeal.statement,
            is_appeal_outcome=True,
        )
    return outcome
