"""Starting threads, and retitling the thread a record of another app discusses."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.choices import ContentWarning
from core.languages import clean_language, language_default_for
from forum.models import Category, Post, ReadState, Thread, ThreadMode
from forum.selectors import category_visible_to
from forum.services.posts import require_poster, store_post
from forum.services.ratelimit import rate_limit_hit
from forum.services.search import search_thread_retitle
from forum.services.validation import (
    clean_body,
    clean_idempotency_key,
    clean_title,
    parse_tags,
)


def app_owned_refusal() -> str:
    """Why no member starts a thread in an app-owned category."""
    return _("Threads in this category are opened from the pages they discuss.")


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
    language: str = "",
) -> Thread:
    """Start a thread with its first post. A key repeated in the same category returns
    the first thread; one that started a thread in another category is ignored. Without
    a `language`, the first post is in the author's. Not in an app-owned category."""
    require_poster(by)
    if not category_visible_to(category, by):
        raise PermissionDenied(_("This category is not available."))
    if category.is_app_owned:
        raise PermissionDenied(app_owned_refusal())
    return _thread_create(
        category=category,
        by=by,
        title=title,
        body=body,
        tags=tags,
        mode=mode,
        content_warning=content_warning,
        idempotency_key=idempotency_key,
        language=language,
        for_app=False,
        screened=True,
    )


def thread_create_for_app(
    *,
    category: Category,
    by: User,
    title: str,
    body: str,
    screen_first_post: bool,
    tags: str | Iterable[str] = (),
    idempotency_key: str = "",
    language: str = "",
) -> Thread:
    """Open the thread of another app's record in that app's category (from
    category_for_app), in the name of `by`, who acted on the record.

    The calling service has already checked that `by` may do so, and says whether the
    first post is screened like a member's (watched words, first-post approval) or, being
    text the app's own rules already reviewed, published at once. It never counts
    toward the member's thread quota. Replies are screened as usual."""
    if not category.is_app_owned:
        raise ValueError("thread_create_for_app needs a category from category_for_app")
    require_poster(by)
    return _thread_create(
        category=category,
        by=by,
        title=title,
        body=body,
        tags=tags,
        mode=ThreadMode.OPEN,
        content_warning="",
        idempotency_key=idempotency_key,
        language=language,
        for_app=True,
        screened=screen_first_post,
    )


def _thread_create(
    *,
    category: Category,
    by: User,
    title: str,
    body: str,
    tags: str | Iterable[str],
    mode: str,
    content_warning: str,
    idempotency_key: str,
    language: str,
    for_app: bool,
    screened: bool,
) -> Thread:
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
    try:
        language = clean_language(language, default=language_default_for(by))
    except ValidationError as error:
        errors.update(error.message_dict)
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
            first = store_post(
                thread=thread,
                category=category,
                by=by,
                body=cleaned["body"],
                key=key,
                language=language,
                screened=screened,
            )
            ReadState.objects.create(user=by, thread=thread, last_read_number=1)
            thread.poster_may_be_at_risk = first.poster_may_be_at_risk
            # Counted last: a thread that screening refuses uses up no quota, and one
            # over the limit rolls back with everything above.
            if not for_app:
                rate_limit_hit("thread", by=by)
            return thread
    except IntegrityError:
        # Two submits with one key that raced past the check: the unique constraint
        # on first posts let exactly one through.
        existing = _thread_with_key(by, key)
        if existing is None or existing.category_id != category.pk:
            raise
        return existing


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
        search_thread_retitle(thread)
    if sorted(thread.tags.names()) != sorted(tags):
        thread.tags.set(tags)
    return thread
