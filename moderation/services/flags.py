"""Flags and cases: members report posts, moderators claim cases and keep private notes."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_moderate, can_post, require_moderator
from forum.models import Post, PostStatus
from forum.selectors import post_visible_to
from forum.services.visibility import post_hide
from moderation import events
from moderation.models import (
    Action,
    Case,
    CaseEvent,
    CaseNote,
    CaseState,
    Flag,
    FlagReason,
)
from moderation.services.audit import audit_record

MAX_NOTE_LENGTH = 1000
MEMBER_REASONS = [
    value for value in FlagReason.values if value != FlagReason.WATCHED_WORD
]


def _case_for(post: Post) -> tuple[Case, bool]:
    """The post's case, opened or reopened; True when moderators should see it as new."""
    case = Case.objects.select_for_update().filter(post=post).first()
    now = timezone.now()
    if case is None:
        case = Case.objects.create(
            post=post,
            snapshot_body=post.body,
            snapshot_body_html=post.body_html,
            snapshot_author=post.author.username if post.author_id else "",
        )
        return case, True
    if case.state != CaseState.OPEN:
        # A closed case that gets a new flag starts again from the post as it is now.
        case.state = CaseState.OPEN
        case.snapshot_body = post.body
        case.snapshot_body_html = post.body_html
        case.decided_at = None
        case.decided_by = None
        case.is_urgent = False
        case.created_at = now
        case.save()
        return case, True
    return case, False


def _refresh(case: Case) -> None:
    open_flags = Flag.objects.filter(case=case, handled_at__isnull=True)
    case.flag_count = open_flags.count()
    case.is_urgent = open_flags.filter(reason=FlagReason.HARM).exists()
    case.updated_at = timezone.now()
    case.save(update_fields=["flag_count", "is_urgent", "updated_at"])


def _weight(case: Case) -> int:
    """Distinct members behind the open flags; a moderator's flag is enough on its own."""
    threshold = settings.MODERATION_AUTO_HIDE_FLAGGERS
    flaggers = list(
        User.objects.filter(
            flags_filed__case=case, flags_filed__handled_at__isnull=True
        ).distinct()
    )
    if any(can_moderate(flagger) for flagger in flaggers):
        return threshold
    return len(flaggers)


@transaction.atomic
def flag_create(*, post: Post, by: User, reason: str, note: str = "") -> Flag:
    """Report a post. Flagging it again updates the member's first flag.

    Opens (or adds to) the post's case; `harm` makes it urgent; N distinct flaggers
    hide the post pending review (settings.MODERATION_AUTO_HIDE_FLAGGERS).
    """
    if not can_post(by):
        raise PermissionDenied(
            _("You cannot report posts while your account is silenced or suspended.")
        )
    # Row lock on the post: concurrent flags on one post are counted one at a time.
    post = (
        Post.objects.select_for_update(of=("self",))
        .select_related("thread__category", "author")
        .get(pk=post.pk)
    )
    if post.status != PostStatus.PUBLISHED or not post_visible_to(post, by):
        raise PermissionDenied(_("This post is not available."))
    if post.author_id == by.pk:
        raise ValidationError(_("You cannot report your own post."), code="own_post")
    if reason not in MEMBER_REASONS:
        raise ValidationError(_("Choose a reason from the list."), code="invalid")
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError(
            _("Keep the note to %(limit)d characters.") % {"limit": MAX_NOTE_LENGTH},
            code="max_length",
        )
    case, is_new = _case_for(post)
    was_urgent = case.is_urgent
    now = timezone.now()
    flag = Flag.objects.filter(post=post, flagger=by).first()
    if flag is None:
        flag = Flag.objects.create(
            case=case, post=post, flagger=by, reason=reason, note=note
        )
        CaseEvent.objects.create(
            case=case, actor=by, kind="flagged", text=flag.get_reason_display()
        )
    else:
        flag.case = case
        flag.reason = reason
        flag.note = note
        flag.updated_at = now
        flag.handled_at = None
        flag.save()
        CaseEvent.objects.create(
            case=case, actor=by, kind="flag_updated", text=flag.get_reason_display()
        )
    _refresh(case)
    if _weight(case) >= settings.MODERATION_AUTO_HIDE_FLAGGERS:
        _auto_hide(case, post)
    if is_new:
        events.case_opened(case)
    else:
        events.case_changed(case, became_urgent=case.is_urgent and not was_urgent)
    return flag


def _auto_hide(case: Case, post: Post) -> None:
    """Hide a published post pending review; the author is told it is under review."""
    post = post_hide(post=post, by=None)
    CaseEvent.objects.create(
        case=case, actor=None, kind="auto_hidden", text=_("Hidden pending review")
    )
    audit_record(
        actor=None,
        action=Action.POST_AUTO_HIDE,
        target=post,
        case=case,
        reason=_(
            "Several members reported this post, so it is hidden until a moderator "
            "reviews it. You will be told the outcome."
        ),
    )


@transaction.atomic
def case_open_automatic(
    *, post: Post, note: str, reason: str = FlagReason.WATCHED_WORD
) -> Case:
    """Open a case without a member's flag (a watched word with the "flag" action, or
    `harm` for an "at risk" word, which makes the case urgent)."""
    case, is_new = _case_for(post)
    Flag.objects.create(case=case, post=post, flagger=None, reason=reason, note=note)
    CaseEvent.objects.create(case=case, actor=None, kind="flagged", text=note[:300])
    _refresh(case)
    (events.case_opened if is_new else events.case_changed)(case)
    return case


@transaction.atomic
def case_claim(*, case: Case, by: User) -> Case:
    """Take a case so that two moderators do not act on it at once."""
    require_moderator(by)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.assignee_id == by.pk:
        return case
    if case.assignee_id is not None:
        raise ValidationError(
            _("%(name)s has already claimed this case.")
            % {"name": case.assignee.username},
            code="claimed",
        )
    case.assignee = by
    case.updated_at = timezone.now()
    case.save(update_fields=["assignee", "updated_at"])
    CaseEvent.objects.create(case=case, actor=by, kind="claimed")
    events.case_changed(case)
    return case


@transaction.atomic
def case_unclaim(*, case: Case, by: User) -> Case:
    """Give a case back to the queue (any moderator may, e.g. for an absent colleague)."""
    require_moderator(by)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.assignee_id is None:
        return case
    case.assignee = None
    case.updated_at = timezone.now()
    case.save(update_fields=["assignee", "updated_at"])
    CaseEvent.objects.create(case=case, actor=by, kind="unclaimed")
    events.case_changed(case)
    return case


@transaction.atomic
def case_note_add(*, case: Case, by: User, text: str) -> CaseNote:
    """A private note for other moderators; the member never sees it."""
    require_moderator(by)
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the note first."), code="required")
    if len(text) > 2000:
        raise ValidationError(_("Keep the note to 2000 characters."), code="max_length")
    note = CaseNote.objects.create(case=case, author=by, text=text)
    CaseEvent.objects.create(case=case, actor=by, kind="noted")
    events.case_changed(case)
    return note
