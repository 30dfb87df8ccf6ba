"""Rendered posts and thread rows, cached by everything their markup is made from.

A fragment's key is a digest of every value its template reads: the row's own fields
(text, status, version, counts, author name, times), the page-level flags the partial
uses, the language, the time zone and the partial's own source. The markup is therefore a
pure function of its key: an entry can never be stale (any change to what it shows is a
new key, whichever code path made the change) and never leak (two viewers share an entry
only when every input is equal, so each sees exactly what a fresh render would give
them). Entries are never deleted; unused ones expire or are evicted.

The one per-request value in a post, the CSRF token of its reaction forms, is stored as a
placeholder and put in per request. Any cache failure (Redis down) renders afresh.

Because an entry can never go stale, each process also keeps the entries it used last in
its own memory, in front of the shared cache: a page whose posts were all seen recently
costs no round trip to Redis at all.
"""

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import cache

from django.core.cache import caches
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe

from forum.models import Post, Thread

logger = logging.getLogger(__name__)

CACHE_ALIAS = "fragments"
POST_TEMPLATE = "forum/partials/_post.html"
ROW_TEMPLATE = "forum/partials/_thread_row.html"
# Templates that the two partials include: their source is part of every key.
POST_SOURCES = (POST_TEMPLATE, "forum/partials/_reactions.html")
ROW_SOURCES = (ROW_TEMPLATE,)


@cache
def _source_digest(names: tuple[str, ...]) -> str:
    """A deploy that changes a partial must not be served the old markup from Redis."""
    digest = hashlib.blake2b(digest_size=8)
    for name in names:
        digest.update(get_template(name).template.source.encode())
    return digest.hexdigest()


def _csrf_placeholder() -> str:
    # Derived from the secret key, so no one can type it into a post, and a new key
    # makes new cache keys (it is part of them).
    return salted_hmac("forum.fragments.csrf", "placeholder").hexdigest()


def _key(kind: str, sources: tuple[str, ...], parts: tuple) -> str:
    digest = hashlib.blake2b(
        repr(
            (
                _source_digest(sources),
                translation.get_language(),
                timezone.get_current_timezone_name(),
                parts,
            )
        ).encode(),
        digest_size=16,
    )
    return f"{kind}:{digest.hexdigest()}"


class _RecentEntries:
    """The entries this process used last, at most `size`, least recently used out
    first. Safe to share between the threads of a process."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, keys: list[str]) -> dict[str, str]:
        found = {}
        with self._lock:
            for key in keys:
                html = self._entries.get(key)
                if html is not None:
                    self._entries.move_to_end(key)
                    found[key] = html
        return found

    def set_many(self, entries: dict[str, str]) -> None:
        with self._lock:
            self._entries.update(entries)
            for key in entries:
                self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


# A few pages' worth of posts and rows (1-4 KB each): a few MB per process.
recent = _RecentEntries(size=2_000)


def _cached(keys: list[str]) -> dict[str, str] | None:
    """The entries found, or None when the shared cache cannot be reached."""
    found = recent.get_many(keys)
    missing = [key for key in keys if key not in found]
    if not missing:
        return found
    try:
        shared = caches[CACHE_ALIAS].get_many(missing)
    except Exception:
        # A cache outage costs rendering time, never the page.
        logger.warning("fragment cache unavailable; rendering", exc_info=True)
        return None
    recent.set_many(shared)
    return {**found, **shared}


def _store(entries: dict[str, str]) -> None:
    recent.set_many(entries)
    try:
        caches[CACHE_ALIAS].set_many(entries)
    except Exception:
        logger.warning("fragment cache unavailable; not storing", exc_info=True)


def _through_cache(keys: list[str], items: list, render: Callable) -> str:
    """The markup of each item, from the cache where it is there, rendered where not."""
    found = _cached(keys)
    rendered = {
        key: render(item)
        for key, item in zip(keys, items, strict=True)
        if not (found and key in found)
    }
    if found is not None and rendered:
        _store(rendered)
    found = found or {}
    return "".join(found[key] if key in found else rendered[key] for key in keys)


def _post_parts(post: Post, flags: dict) -> tuple:
    """Everything templates/forum/partials/_post.html (and _reactions.html) reads."""
    return (
        post.pk,
        post.number,
        post.status,
        post.version,
        post.author.username if post.author_id else None,
        post.created_at.isoformat(),
        post.edited_at.isoformat() if post.edited_at else None,
        post.language,
        post.content_warning,
        post.content_warning and post.warning_open,
        tuple((row["kind"], row["count"], row["given"]) for row in post.reaction_rows),
        post.can_react,
        post.is_own,
        post.can_flag,
        # Per viewer, so in the key: a block between viewer and author collapses the
        # post, and two viewers share an entry only with the same side of a block.
        getattr(post, "blocked", ""),
        getattr(post, "can_block", False),
        getattr(post, "is_anonymous", False),
        tuple(sorted(flags.items())),
        hashlib.blake2b(post.body_html.encode(), digest_size=16).digest(),
    )


def posts_html(
    posts: Iterable[Post],
    *,
    page: int,
    accepts_replies: bool,
    can_moderate: bool,
    csrf_token: str,
) -> SafeString:
    """The posts' markup, as the partial renders it; posts come from posts_for_viewer."""
    posts = list(posts)
    flags = {
        "page": page,
        "accepts_replies": bool(accepts_replies),
        "can_moderate": bool(can_moderate),
    }
    placeholder = _csrf_placeholder()
    keys = [
        _key("post", POST_SOURCES, (placeholder, _post_parts(post, flags)))
        for post in posts
    ]
    template = get_template(POST_TEMPLATE)
    html = _through_cache(
        keys,
        posts,
        lambda post: template.render(
            {"post": post, "csrf_token": placeholder, **flags}
        ),
    )
    if placeholder in html:
        html = html.replace(placeholder, str(csrf_token))
    # Autoescaped output of our own partial, joined (joining drops the safe mark).
    return mark_safe(html)  # noqa: S308


def _row_parts(thread: Thread, show_category: bool) -> tuple:
    """Everything templates/forum/partials/_thread_row.html reads."""
    return (
        thread.pk,
        thread.slug,
        thread.title,
        thread.is_pinned,
        thread.is_locked,
        thread.mode,
        thread.content_warning,
        getattr(thread, "last_read_number", None) == -1,
        getattr(thread, "unread_count", None),
        tuple(thread.tag_names),
        (thread.category.slug, thread.category.name) if show_category else None,
        thread.reply_count,
        thread.last_poster_name,
        thread.last_post_at.isoformat(),
    )


def thread_rows_html(threads: Iterable[Thread], *, show_category: bool) -> SafeString:
    """The rows of a thread list; threads come from a list selector (with tag_names)."""
    threads = list(threads)
    # The row prints its last post's absolute time; the browser restates it as
    # "3 minutes ago" (static/js/relative-time.js), so the markup never goes stale
    # with the clock and the key holds no time of the request.
    keys = [
        _key("row", ROW_SOURCES, _row_parts(thread, show_category))
        for thread in threads
    ]
    template = get_template(ROW_TEMPLATE)
    html = _through_cache(
        keys,
        threads,
        lambda thread: template.render(
            {"thread": thread, "show_category": show_category}
        ),
    )
    # Autoescaped output of our own partial, joined (joining drops the safe mark).
    return mark_safe(html)  # noqa: S308
