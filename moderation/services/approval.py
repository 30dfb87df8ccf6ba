"""The approval queue: held posts wait here until a moderator approves or rejects them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require_moderator
from core.review import review_source
from forum.models import Post
from forum.services.validation import clean_body
from forum.services.visibility import post_approve, post_reject
from moderation import events
from moderation.models import Action, ApprovalItem, ApprovalState, AuditEntry, Guideline
from moderation.services.audit import audit_record, clean_reason


def approval_queue_add(
    *, post: Post, reasons: list[str], matched_words: list[str]
) -> ApprovalItem:
    """Queue a held post (called by screening, inside the post's transaction)."""
    item = ApprovalItem.objects.create(
        post=post, reasons=list(reasons), matched_words=list(matched_words)
    )
    events.approval_queued(item)
    return item


def _pending(item: ApprovalItem, by: User) -> ApprovalItem:
    require_moderator(by)
    item = (
        ApprovalItem.objects.select_for_update(of=("self",))
        .select_related("post__thread", "post__author")
        .get(pk=item.pk)
    )
    if item.state != ApprovalState.PENDING:
        raise ValidationError(
            _("Another moderator has already decided on this post."), code="decided"
        )
    return item


def _decided(item: ApprovalItem, *, by: User, state: str) -> None:
    item.state = state
    item.decided_by = by
    item.decided_at = timezone.now()
    item.save(update_fields=["state", "decided_by", "decided_at"])
    events.approval_decided(item)


def _clean_guideline(guideline: str) -> str:
    if guideline not in Guideline.values:
        raise ValidationError(_("Choose a guideline from the list."), code="invalid")
    return guideline


@transaction.atomic
def approval_approve(
    *,
    item: ApprovalItem,
    by: User,
    reason: str,
    guideline: str = Guideline.NONE,
    body: str | None = None,
) -> AuditEntry:
    """Publish the held post, edited first when `body` differs from it.

    An edit needs a reason (its author reads what was changed and why); a plain
    approval without one says the post meets the guidelines.
    """
    item = _pending(item, by)
    guideline = _clean_guideline(guideline)
    is_edit = body is not None and clean_body(body) != item.post.body
    if is_edit and not (reason or "").strip():
        raise ValidationError(
            _("Say what you changed and why: the author will read it."),
            code="required",
        )
    if not is_edit:
        reason = (reason or "").strip() or _("The post meets the community guidelines.")
    reason = clean_reason(reason)
    post = post_approve(post=item.post, by=by, body=body)
    _decided(item, by=by, state=ApprovalState.APPROVED)
    return audit_record(
        actor=by,
        action=Action.POST_EDIT_APPROVE if is_edit else Action.POST_APPROVE,
        target=post,
        reason=reason,
        guideline=guideline,
    )


@transaction.atomic
def approval_reject(
    *, item: ApprovalItem, by: User, reason: str, guideline: str
) -> AuditEntry:
    """Refuse the held post; its author gets the reason and may appeal."""
    item = _pending(item, by)
    reason = clean_reason(reason)
    guideline = _clean_guideline(guideline)
    post = post_reject(post=item.post, by=by)
    _decided(item, by=by, state=ApprovalState.REJECTED)
    return audit_record(
        actor=by,
        action=Action.POST_REJECT,
        target=post,
        reason=reason,
        guideline=guideline,
    )


@transaction.atomic
def review_decide(
    *,
    kind: str,
    pk: int,
    by: User,
    approve: bool,
    reason: str,
    guideline: str = Guideline.NONE,
) -> AuditEntry:
    """Approve or reject another app's item waiting for review (core.review).

    The owning app's `decide` checks permission and changes the item; this records the
    one audit entry, and its statement of reasons tells the author. NotFound when the
    item no longer waits (another moderator was quicker).
    """
    require_moderator(by)
    source = review_source(kind)
    if approve:
        reason = (reason or "").strip() or _(
            "The submission meets the community guidelines."
        )
    reason = clean_reason(reason)
    guideline = _clean_guideline(guideline)
    item = source.decide(pk=pk, by=by, approve=approve, reason=reason)
    entry = audit_record(
        actor=by,
        action=Action.REVIEW_APPROVE if approve else Action.REVIEW_REJECT,
        # The author, when the item names one: they receive the statement of reasons.
        target=getattr(item, "author", None),
        reason=reason,
        guideline=guideline,
        subject=f"{kind} #{pk}",
        about=(lambda: source.describe(item)) if source.describe else None,
    )
    events.review_decided(kind=kind, pk=pk)
    return entry
