"""Moderation's writes on forum rows: hide, restore, approve, reject (and edit before);
lock, pin and move a thread.

moderation.services decides and records (audit, statement of reasons); these functions
change the post, recount the thread and category (forum.services.counters) and record
the live event. `by=None` means the system acted (auto-hide); only moderation.services
passes it.
"""

from django.db import transaction

from accounts.models import User
from accounts.permissions import require_moderator
from accounts.services import notifications_about_thread_changed
from forum import events
from forum.models import Category, Post, PostStatus, Thread
from forum.services.counters import (
    category_counters_refresh,
    thread_counters_refresh,
)
from forum.services.posts import post_body_revise, post_mentions_notify
from forum.services.validation import clean_body


def _check(by: User | None) -> None:
    if by is not None:
        require_moderator(by)


def _locked(post: Post) -> Post:
    # Row lock: two moderators acting at once must change the counters once.
    return (
        Post.objects.select_for_update(of=("self",))
        .select_related("thread")
        .get(pk=post.pk)
    )


def _edit(post: Post, *, by: User | None, body: str) -> None:
    body = clean_body(body)
    if body == post.body:
        return
    post_body_revise(post, by=by, text=body)


@transaction.atomic
def post_hide(*, post: Post, by: User | None) -> Post:
    """Hide a published post from everyone but moderators; hiding twice changes nothing."""
    _check(by)
    post = _locked(post)
    if post.status != PostStatus.PUBLISHED:
        return post
    post.status = PostStatus.HIDDEN
    post.save(update_fields=["status"])
    thread_counters_refresh(post.thread)
    events.post_hidden(post)
    # Its readers' bells stop counting notifications about it.
    notifications_about_thread_changed(thread_id=post.thread_id)
    return post


@transaction.atomic
def post_restore(*, post: Post, by: User, body: str | None = None) -> Post:
    """Publish a hidden post again, optionally with a moderator's edit (revision kept)."""
    _check(by)
    post = _locked(post)
    if post.status != PostStatus.HIDDEN:
        return post
    if body is not None:
        _edit(post, by=by, body=body)
    post.status = PostStatus.PUBLISHED
    post.save()
    thread_counters_refresh(post.thread)
    events.post_restored(post)
    notifications_about_thread_changed(thread_id=post.thread_id)
    return post


@transaction.atomic
def post_approve(*, post: Post, by: User, body: str | None = None) -> Post:
    """Publish a post that waited for approval (or was rejected, on appeal), maybe edited."""
    _check(by)
    post = _locked(post)
    if post.status not in (PostStatus.PENDING, PostStatus.REJECTED):
        return post
    if body is not None:
        _edit(post, by=by, body=body)
    post.status = PostStatus.PUBLISHED
    post.save()
    thread_counters_refresh(post.thread)
    # Spec: a held post records no event and notifies no mention until it is published.
    events.post_created(post)
    post_mentions_notify(post)
    return post


@transaction.atomic
def post_reject(*, post: Post, by: User) -> Post:
    """Refuse a post that waited for approval; it never becomes visible."""
    _check(by)
    post = _locked(post)
    if post.status != PostStatus.PENDING:
        return post
    post.status = PostStatus.REJECTED
    post.save(update_fields=["status"])
    return post


def _thread_locked(thread: Thread, by: User) -> Thread:
    require_moderator(by)
    # Row lock: two moderators clicking at once must produce one change, not two.
    return Thread.objects.select_for_update().get(pk=thread.pk)


@transaction.atomic
def thread_lock_set(
    *, thread: Thread, by: User, is_locked: bool
) -> tuple[Thread, bool]:
    """Stop or accept replies; True with the thread when this call changed it."""
    thread = _thread_locked(thread, by)
    if thread.is_locked == is_locked:
        return thread, False
    thread.is_locked = is_locked
    thread.save(update_fields=["is_locked"])
    if is_locked:
        events.thread_locked(thread)
    else:
        events.thread_unlocked(thread)
    return thread, True


@transaction.atomic
def thread_lock_for_app(*, thread: Thread, is_locked: bool) -> Thread:
    """Close or reopen a thread that an app keeps for its own object (a statement
    paragraph's consultation closes with it). The app's service has checked who acts."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.is_locked != is_locked:
        thread.is_locked = is_locked
        thread.save(update_fields=["is_locked"])
        if is_locked:
            events.thread_locked(thread)
        else:
            events.thread_unlocked(thread)
    return thread


@transaction.atomic
def thread_pin_set(*, thread: Thread, by: User, is_pinned: bool) -> tuple[Thread, bool]:
    """Keep a thread at the top of its category, or not; True when this call changed it."""
    thread = _thread_locked(thread, by)
    if thread.is_pinned == is_pinned:
        return thread, False
    thread.is_pinned = is_pinned
    thread.save(update_fields=["is_pinned"])
    return thread, True


@transaction.atomic
def thread_category_set(
    *, thread: Thread, by: User, category: Category
) -> tuple[Thread, bool]:
    """Put a thread in another category; both categories' counters follow.

    Open sockets on the thread re-check access: the new category may be members-only.
    """
    thread = _thread_locked(thread, by)
    if thread.category_id == category.pk:
        return thread, False
    source = thread.category_id
    thread.category = category
    thread.save(update_fields=["category"])
    category_counters_refresh(source)
    category_counters_refresh(category.pk)
    events.thread_moved(thread)
    return thread, True


def thread_reopen(*, thread: Thread, by: User) -> Thread:
    """Unlock a thread whose lock was overturned on appeal (the appeal is the record)."""
    return thread_lock_set(thread=thread, by=by, is_locked=False)[0]


@transaction.atomic
def thread_slow_mode_set(*, thread: Thread, by: User, minutes: int) -> Thread:
    """One reply per member every `minutes` (0 switches slow mode off)."""
    require_moderator(by)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    thread.slow_mode_minutes = max(minutes, 0)
    thread.save(update_fields=["slow_mode_minutes"])
    return thread
