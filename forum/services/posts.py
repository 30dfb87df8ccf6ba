"""Writing posts: reply, edit (with revisions and conflict detection), react."""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_post, is_member
from accounts.sanctions import silence_message
from accounts.services import blocked_ids_for
from accounts.services.blocks import blocks_read_once
from core.languages import clean_language, language_default_for
from core.text import mentioned_usernames, render_markdown
from forum import events
from forum.models import (
    Category,
    Post,
    PostRevision,
    PostStatus,
    Reaction,
    ReactionKind,
    Thread,
)
from forum.screening import Screening, screen_post, screening_applied
from forum.selectors import post_visible_to, reply_refusal, thread_visible_to
from forum.services.notify import (
    post_mentions_added_notify,
    post_published_notify,
    post_reaction_notify,
    post_reaction_withdrawn_notify,
    thread_watch_on_post,
)
from forum.services.ratelimit import rate_limit_hit
from forum.services.read_state import read_state_advance
from forum.services.search import search_post_index, search_post_reindex
from forum.services.validation import clean_body, clean_idempotency_key


class EditConflict(ValidationError):
    """The post changed since the editor opened it; `current` is the post as it is now."""

    def __init__(self, current: Post):
        super().__init__(
            _(
                "This post was changed while you were editing it. Your text is kept "
                "below; compare it with the current version and save again."
            ),
            code="edit_conflict",
        )
        self.current = current


def require_poster(by: User | None) -> None:
    """Raise PermissionDenied, saying why, unless `by` may write (SPEC §3)."""
    if not is_member(by):
        raise PermissionDenied(_("Log in to take part."))
    if can_post(by):
        return
    if by.is_suspended:
        raise PermissionDenied(_("Your account is suspended."))
    if by.is_silenced:
        raise PermissionDenied(silence_message(by.silenced_until))
    if by.has_confirmed_email:
        raise PermissionDenied(
            _(
                "The community guidelines have changed. Please read and accept them "
                "before you post again."
            )
        )
    raise PermissionDenied(_("Confirm your e-mail address before posting."))


def _existing_post(by: User, key: str, thread: Thread) -> Post | None:
    """The author's post in this thread made with this key. A key met in another
    thread is not a double submit: the reply is stored, never swapped for that post."""
    if not key:
        return None
    # The constraint's own condition, so the database finds the row through that
    # unique partial index; without it SQLite scans every post of the thread.
    existing = (
        Post.objects.select_related("thread__category")
        .filter(author=by, thread=thread, idempotency_key=key)
        .exclude(idempotency_key="")
        .order_by()
        .first()
    )
    # A form sent again after the thread left the member's sight is refused like any
    # reply to it: its answer would name the thread.
    if existing is None or not thread_visible_to(existing.thread, by):
        return None
    return existing


def _mentions(body: str, *, exclude: User) -> list[User]:
    """The members `body` mentions, but its author and anyone with a block between them
    and the author: such a name stays plain text and nobody is told."""
    names = mentioned_usernames(body) - {exclude.username}
    if not names:
        return []
    return list(
        get_user_model()
        .objects.filter(username__in=names, is_active=True, erased_at__isnull=True)
        .exclude(pk__in=blocked_ids_for(exclude))
        .only("pk", "username")
    )


# A quote as the quote button writes it: "> [name wrote (#n):](/p/<id>/)".
_QUOTE_LINK = re.compile(r"^> \[[^\]\n]*\]\(/p/(?P<id>\d+)/\)", re.MULTILINE)


def _refuse_blocked_quotes(body: str, *, by: User) -> None:
    """Neither side of a block may quote the other."""
    ids = {int(found.group("id")) for found in _QUOTE_LINK.finditer(body)}
    if not ids:
        return
    blocked = blocked_ids_for(by)
    if blocked:
        quoted = Post.objects.filter(pk__in=ids, author_id__in=blocked)
        if quoted.exists():
            raise ValidationError(
                _("You cannot quote a member when one of you has blocked the other."),
                code="blocked",
            )


def post_body_revise(post: Post, *, by: User | None, text: str) -> list[User]:
    """Keep the current text as a revision and give the post `text`, rendered once.

    Returns the members the new text mentions (its author excluded); the caller saves.
    """
    mentioned = _mentions(text, exclude=post.author) if post.author else []
    PostRevision.objects.create(
        post=post,
        version=post.version,
        body=post.body,
        body_html=post.body_html,
        edited_by=by,
    )
    post.body = text
    post.body_html = render_markdown(
        text, mentions={user.username for user in mentioned}
    )
    post.version += 1
    post.edited_at = timezone.now()
    search_post_reindex(post)
    return mentioned


def store_post(
    *,
    thread: Thread,
    category: Category,
    by: User,
    body: str,
    key: str,
    language: str,
    screened: bool = True,
) -> Post:
    """Screen, number and store a post in a thread the caller has row-locked. A quote
    of a member across a block is refused (for replies and new threads alike).

    `screened=False` only for the first post an app opens its record's thread with
    (forum.services.thread_create_for_app): it is published as written."""
    _refuse_blocked_quotes(body, by=by)
    if screened:
        screening = screen_post(
            author=by, category=category, body=body, language=language
        )
    else:
        screening = Screening(status=PostStatus.PUBLISHED, body=body)
    text = screening.body
    mentioned = _mentions(text, exclude=by)
    now = timezone.now()
    number = thread.last_post_number + 1
    post = Post.objects.create(
        thread=thread,
        number=number,
        author=by,
        body=text,
        body_html=render_markdown(text, mentions={user.username for user in mentioned}),
        language=language,
        status=screening.status,
        idempotency_key=key,
        created_at=now,
    )
    search_post_index(post)
    thread.last_post_number = number
    fields = ["last_post_number"]
    if post.status == PostStatus.PUBLISHED:
        thread.post_count += 1
        thread.last_post_at = now
        thread.last_poster = by
        fields += ["post_count", "last_post_at", "last_poster"]
        Category.objects.filter(pk=category.pk).update(
            post_count=F("post_count") + 1,
            last_post_at=now,
            # The first published post makes the thread appear in the category.
            thread_count=F("thread_count") + (1 if thread.post_count == 1 else 0),
        )
    thread.save(update_fields=fields)
    if screened:
        screening_applied(post=post, screening=screening)
    thread_watch_on_post(thread=thread, by=by)

    # Not stored: read by the view that handled this request (help lines for the poster).
    post.poster_may_be_at_risk = bool(screening.at_risk_words)
    if post.status == PostStatus.PUBLISHED:
        events.post_created(post)
        post_published_notify(post, mentioned=mentioned)
    return post


def post_mentions_notify(post: Post) -> None:
    """Tell the members a post published after being held for approval concerns."""
    if post.author is None:
        return
    post_published_notify(post, mentioned=_mentions(post.body, exclude=post.author))


def post_create(
    *,
    thread: Thread,
    by: User,
    body: str,
    idempotency_key: str = "",
    language: str = "",
) -> Post:
    """Reply to a thread. A key repeated in the same thread returns the author's first
    post; the same key in another thread makes a new post. Without a `language`, the
    post is in the author's (core.languages.language_default_for).

    Only `thread.pk` is used (the view passes an unsaved Thread(pk=…)): the thread is
    read again row-locked, and a thread the member may not see is refused."""
    require_poster(by)
    body = clean_body(body)
    language = clean_language(language, default=language_default_for(by))
    key = clean_idempotency_key(idempotency_key)
    existing = _existing_post(by, key, thread)
    if existing is not None:
        return existing
    try:
        with transaction.atomic(), blocks_read_once():
            # Row lock: post numbers are allocated one at a time per thread, and a
            # concurrent double submit waits here, then finds the first post below.
            locked = (
                Thread.objects.select_for_update(of=("self",))
                .select_related("category")
                .filter(pk=thread.pk)
                .first()
            )
            if locked is None or not thread_visible_to(locked, by):
                raise PermissionDenied(_("This thread is not available."))
            existing = _existing_post(by, key, thread)
            if existing is not None:
                return existing
            refusal = reply_refusal(locked, by)
            if refusal:
                raise PermissionDenied(refusal)
            post = store_post(
                thread=locked,
                category=locked.category,
                by=by,
                body=body,
                key=key,
                language=language,
            )
            # One's own reply is read: the next visit must not jump back to it.
            read_state_advance(thread=locked, by=by, number=post.number)
            # Counted last: a reply that screening or slow mode refuses uses up no
            # quota, and one over the limit rolls back with everything above.
            rate_limit_hit("reply", by=by)
            return post
    except IntegrityError:
        # Two submits with one key that raced past both checks: the unique
        # constraint let exactly one through.
        existing = _existing_post(by, key, thread)
        if existing is None:
            raise
        return existing


@transaction.atomic
def post_edit(
    *,
    post: Post,
    by: User,
    body: str,
    expected_version: int,
    language: str = "",
) -> Post:
    """Change one's own post; the old text is kept as a revision. Without a
    `language`, the post keeps its own.

    Raises EditConflict when the post is no longer at `expected_version`."""
    require_poster(by)
    if post.author_id != by.pk:
        raise PermissionDenied(_("You can only edit your own posts."))
    body = clean_body(body)
    _refuse_blocked_quotes(body, by=by)
    language = clean_language(language, default=post.language)
    locked = (
        Post.objects.select_for_update(of=("self",))
        .select_related("thread__category")
        .get(pk=post.pk)
    )
    if locked.status not in (PostStatus.PUBLISHED, PostStatus.PENDING):
        raise PermissionDenied(_("This post can no longer be edited."))
    if locked.thread.is_locked:
        raise PermissionDenied(_("This thread is locked: its posts cannot be edited."))
    if locked.version != expected_version:
        raise EditConflict(current=locked)
    # Watched words apply to edits too; the post keeps its status.
    text = screen_post(
        author=by, category=locked.thread.category, body=body, language=language
    ).body
    if text == locked.body:
        if language != locked.language:
            # Only the label changes: no revision and no new version.
            locked.language = language
            locked.save(update_fields=["language"])
            search_post_reindex(locked)
        return locked
    # Set before the revision: the index is rebuilt in the post's new language.
    locked.language = language
    already_mentioned = mentioned_usernames(locked.body)
    mentioned = post_body_revise(locked, by=by, text=text)
    locked.save(update_fields=["body", "body_html", "language", "version", "edited_at"])
    if locked.status == PostStatus.PUBLISHED:
        events.post_updated(locked)
        # Only the members the edit adds: the others were told when it was published.
        # A held post tells its mentions when it is approved.
        post_mentions_added_notify(
            locked,
            [user for user in mentioned if user.username not in already_mentioned],
        )
    return locked


@transaction.atomic
def reaction_toggle(*, post: Post, by: User, kind: str) -> Post:
    """Give or take back one reaction; the post's counts follow in the same transaction."""
    require_poster(by)
    if kind not in ReactionKind.values:
        raise ValidationError(_("Unknown reaction."), code="invalid")
    # Row lock on the post: two toggles at once must leave counts equal to the rows.
    locked = (
        Post.objects.select_for_update(of=("self",))
        .select_related("thread__category")
        .get(pk=post.pk)
    )
    if locked.status != PostStatus.PUBLISHED or not post_visible_to(locked, by):
        raise PermissionDenied(_("This post is not available."))
    if locked.author_id == by.pk:
        raise PermissionDenied(_("You cannot react to your own post."))
    removed, _rows = Reaction.objects.filter(post=locked, user=by, kind=kind).delete()
    if removed:
        post_reaction_withdrawn_notify(locked)
    else:
        reaction = Reaction.objects.create(post=locked, user=by, kind=kind)
        post_reaction_notify(locked, by=by, reaction=reaction)
    counts = dict(locked.reaction_counts or {})
    counts[kind] = max(counts.get(kind, 0) + (-1 if removed else 1), 0)
    locked.reaction_counts = {name: n for name, n in counts.items() if n}
    locked.save(update_fields=["reaction_counts"])
    # Each toggle stores an event and wakes every socket on the thread; a refused
    # toggle (own post, hidden post) is not counted.
    rate_limit_hit("reaction", by=by)
    events.post_reactions(locked)
    locked.viewer_reactions = set(
        Reaction.objects.filter(post=locked, user=by).values_list("kind", flat=True)
    )
    return locked
