"""Starting threads and the moderator actions on them (lock, pin, move)."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_moderate
from forum import events
from forum.models import Category, ContentWarning, Post, ReadState, Thread, ThreadMode
from forum.selectors import category_visible_to
from forum.services.counters import category_counters_refresh
from forum.services.posts import require_poster, store_post
from forum.services.ratelimit import rate_limit_hit
from forum.services.validation import (
    clean_body,
    clean_idempotency_key,
    clean_title,
    parse_tags,
)
from moderation.models import Action, Case, Guideline
from moderation.services.audit import audit_record


def _thread_with_key(by: User, key: str) -> Thread | None:
    """The thread the author started with this key, in whichever category."""
    if not key:
        return None
    post = (
        Post.objects.select_related("thread")
        .filter(author=by, idempotency_key=key, number=1)
        .first()
    )
    return post.thread if post else None


def thread_create(
    *,
    category: Category,
    by: User,
    title: str,
    body: str,
    tags: str | Iterable[str] = (),
    mode: str = ThreadMode.OPEN,
    content_warning: str = "",
    idempotency_key: str = "",
) -> Thread:
    """Start a thread with its first post. A key repeated in the same category returns
    the first thread; one that started a thread in another category is ignored."""
    require_poster(by)
    if not category_visible_to(category, by):
        raise PermissionDenied(_("This category is not available."))
    errors = {}
    cleaned = {}
    for field, check, value in (
        ("title", clean_title, title),
        ("body", clean_body, body),
        ("tags", parse_tags, tags),
    ):
        try:
            cleaned[field] = check(value)
        except ValidationError as error:
            errors[field] = error.messages
    if mode not in ThreadMode.values:
        errors["mode"] = [_("Choose how others may answer.")]
    if content_warning and content_warning not in ContentWarning.values:
        errors["content_warning"] = [_("Choose a content warning from the list.")]
    if errors:
        raise ValidationError(errors)
    key = clean_idempotency_key(idempotency_key)
    existing = _thread_with_key(by, key)
    if existing is not None:
        if existing.category_id == category.pk:
            return existing
        # The key started a thread elsewhere: this is a new thread, not a double
        # submit. It is stored without the key rather than lost.
        key = ""
    try:
        with transaction.atomic():
            now = timezone.now()
            thread = Thread.objects.create(
                category=category,
                title=cleaned["title"],
                slug=Thread.slug_for(cleaned["title"]),
                author=by,
                mode=mode,
                content_warning=content_warning,
                created_at=now,
                last_post_at=now,
                last_poster=by,
            )
            if cleaned["tags"]:
                thread.tags.set(cleaned["tags"])
            # The new row is already locked by this transaction; store_post numbers it 1.
            thread = Thread.objects.select_for_update().get(pk=thread.pk)
            store_post(
                thread=thread, category=category, by=by, body=cleaned["body"], key=key
            )
            ReadState.objects.create(user=by, thread=thread, last_read_number=1)
            # Counted last: a thread that screening refuses uses up no quota, and one
            # over the limit rolls back with everything above.
            rate_limit_hit("thread", by=by)
            return thread
    except IntegrityError:
        # Two submits with one key that raced past the check: the unique constraint
        # on first posts let exactly one through.
        existing = _thread_with_key(by, key)
        if existing is None or existing.category_id != category.pk:
            raise
        return existing


def _moderated_thread(thread: Thread, by: User) -> Thread:
    if not can_moderate(by):
        raise PermissionDenied(_("Only moderators can do this."))
    # Row lock: two moderators clicking at once must produce one change, not two.
    return Thread.objects.select_for_update().get(pk=thread.pk)


@transaction.atomic
def thread_lock(
    *,
    thread: Thread,
    by: User,
    reason: str,
    guideline: str = Guideline.NONE,
    case: Case | None = None,
) -> Thread:
    """Stop replies to a thread. Moderators only; locking twice changes nothing.

    The audit entry carries `guideline` and `case` when the lock decides a flag case.
    """
    thread = _moderated_thread(thread, by)
    if thread.is_locked:
        return thread
    thread.is_locked = True
    thread.save(update_fields=["is_locked"])
    audit_record(
        actor=by,
        action=Action.THREAD_LOCK,
        target=thread,
        reason=reason,
        guideline=guideline,
        case=case,
    )
    events.thread_locked(thread)
    return thread


@transaction.atomic
def thread_unlock(*, thread: Thread, by: User, reason: str) -> Thread:
    """Accept replies again. Moderators only; unlocking twice changes nothing."""
    thread = _moderated_thread(thread, by)
    if not thread.is_locked:
        return thread
    thread.is_locked = False
    thread.save(update_fields=["is_locked"])
    audit_record(actor=by, action=Action.THREAD_UNLOCK, target=thread, reason=reason)
    events.thread_unlocked(thread)
    return thread


@transaction.atomic
def thread_pin(*, thread: Thread, by: User, reason: str) -> Thread:
    """Keep a thread at the top of its category. Moderators only."""
    thread = _moderated_thread(thread, by)
    if thread.is_pinned:
        return thread
    thread.is_pinned = True
    thread.save(update_fields=["is_pinned"])
    audit_record(actor=by, action=Action.THREAD_PIN, target=thread, reason=reason)
    return thread


@transaction.atomic
def thread_unpin(*, thread: Thread, by: User, reason: str) -> Thread:
    """Let a pinned thread sort by activity again. Moderators only."""
    thread = _moderated_thread(thread, by)
    if not thread.is_pinned:
        return thread
    thread.is_pinned = False
    thread.save(update_fields=["is_pinned"])
    audit_record(actor=by, action=Action.THREAD_UNPIN, target=thread, reason=reason)
    return thread


@transaction.atomic
def thread_move(*, thread: Thread, by: User, reason: str, category: Category) -> Thread:
    """Move a thread to another category; both categories' counters follow.

    Open sockets on the thread re-check access: the new category may be members-only.
    """
    thread = _moderated_thread(thread, by)
    if thread.category_id == category.pk:
        return thread
    source = thread.category_id
    thread.category = category
    thread.save(update_fields=["category"])
    category_counters_refresh(source)
    category_counters_refresh(category.pk)
    audit_record(actor=by, action=Action.THREAD_MOVE, target=thread, reason=reason)
    events.thread_moved(thread)
    return thread


@transaction.atomic
def thread_retitle(*, thread: Thread, title: str, tags: str | Iterable[str]) -> Thread:
    """Give a thread the title and tags of the record it discusses (a write-up).

    Precondition: the calling service has checked that its acting user may change that
    record (exchange: the write-up's editors); the thread only follows it.
    """
    title = clean_title(title)
    tags = parse_tags(tags)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.title != title:
        thread.title = title
        thread.slug = Thread.slug_for(title)
        thread.save(update_fields=["title", "slug"])
    if sorted(thread.tags.names()) != sorted(tags):
        thread.tags.set(tags)
    return thread
