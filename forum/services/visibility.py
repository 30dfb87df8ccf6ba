"""Moderation's writes on forum rows: hide, restore, approve, reject (and edit before).

moderation.services decides and records (audit, statement of reasons); these functions
change the post, recount the thread and category (forum.services.counters) and record
the live event. `by=None` means the system acted (auto-hide); only moderation.services
passes it.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_moderate
from forum import events
from forum.models import Post, PostStatus, Thread
from forum.services.counters import thread_counters_refresh
from forum.services.posts import post_body_revise, post_mentions_notify
from forum.services.validation import clean_body


def _check(by: User | None) -> None:
    if by is not None and not can_moderate(by):
        raise PermissionDenied(_("Only moderators can do this."))


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


@transaction.atomic
def thread_reopen(*, thread: Thread, by: User) -> Thread:
    """Unlock a thread whose lock was overturned on appeal (the appeal is the record)."""
    _check(by)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not thread.is_locked:
        return thread
    thread.is_locked = False
    thread.save(update_fields=["is_locked"])
    events.thread_unlocked(thread)
    return thread


@transaction.atomic
def thread_slow_mode_set(*, thread: Thread, by: User, minutes: int) -> Thread:
    """One reply per member every `minutes` (0 switches slow mode off)."""
    if not can_moderate(by):
        raise PermissionDenied(_("Only moderators can do this."))
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    thread.slow_mode_minutes = max(minutes, 0)
    thread.save(update_fields=["slow_mode_minutes"])
    return thread
