"""The forum's part of export and erasure (called by accounts.services.privacy).

Erasure reaches every copy of a member's words and name: their posts and revisions, the
thread titles they wrote, @mentions and quotes of them in other people's posts, reactions,
read state and the live event log.
"""

import re
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User
from core.text import MENTION, render_markdown
from forum.models import (
    Follow,
    Post,
    PostRevision,
    PostStatus,
    Reaction,
    ReadState,
    Thread,
    ThreadEvent,
)
from forum.services.counters import thread_counters_refresh
from forum.services.search import (
    search_author_forget,
    search_post_reindex,
    search_posts_remove,
    search_posts_unname,
)

# A quote as the quote button writes it: "> [name wrote (#n):](/p/<id>/)" then "> …" lines.
_QUOTE_HEADING = re.compile(r"^> \[(?P<label>[^\]\n]*)\]\(/p/(?P<id>\d+)/\)")


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_user_data(user: User) -> dict[str, Any]:
    posts = Post.objects.filter(author=user).select_related("thread").order_by("pk")
    return {
        "threads_started": [
            {
                "title": thread.title,
                "url": thread.get_absolute_url(),
                "created_at": _iso(thread.created_at),
                "mode": thread.mode,
                "content_warning": thread.content_warning,
            }
            for thread in Thread.objects.filter(author=user).order_by("pk")
        ],
        "posts": [
            {
                "thread": post.thread.title,
                "url": post.get_absolute_url(),
                "number": post.number,
                "status": post.status,
                "body": post.body,
                "created_at": _iso(post.created_at),
                "edited_at": _iso(post.edited_at),
            }
            for post in posts
        ],
        "post_revisions": [
            {
                "post_url": revision.post.get_absolute_url(),
                "version": revision.version,
                "body": revision.body,
                "replaced_at": _iso(revision.created_at),
            }
            for revision in PostRevision.objects.filter(post__author=user)
            .select_related("post")
            .order_by("post_id", "version")
        ],
        "reactions": [
            {"post_url": f"/p/{post_id}/", "kind": kind, "created_at": _iso(created)}
            for post_id, kind, created in Reaction.objects.filter(user=user)
            .order_by("pk")
            .values_list("post_id", "kind", "created_at")
        ],
        "read_state": [
            {"thread_url": f"/t/{thread_id}/", "last_read_post_number": number}
            for thread_id, number in ReadState.objects.filter(user=user)
            .order_by("thread_id")
            .values_list("thread_id", "last_read_number")
        ],
        "follows": [
            {
                "level": follow.level,
                "thread_url": f"/t/{follow.thread_id}/" if follow.thread_id else None,
                "category": follow.category.slug if follow.category_id else None,
                "tag": follow.tag.name if follow.tag_id else None,
                "organisation": (
                    follow.organisation.slug if follow.organisation_id else None
                ),
                "since": _iso(follow.created_at),
            }
            for follow in Follow.objects.filter(user=user)
            .select_related("category", "tag", "organisation")
            .order_by("pk")
        ],
    }


def scrub_member_text(
    body: str,
    *,
    username: str,
    post_ids: set[str],
    keep_posts: bool,
    placeholder: str = "",
    mentions: bool = True,
) -> str:
    """Remove quotes of the member (or their name on them) and, when `mentions`,
    mentions of them; the name becomes `placeholder` ("deleted member" by default)."""
    placeholder = placeholder or _("deleted member")
    lines = body.split("\n")
    out: list[str] = []
    skipping = False
    for line in lines:
        if skipping:
            if line.startswith(">"):
                continue
            skipping = False
        match = _QUOTE_HEADING.match(line)
        if match and match.group("id") in post_ids:
            if keep_posts:
                label = match.group("label").replace(username, placeholder)
                line = f"> [{label}](/p/{match.group('id')}/)" + line[match.end() :]
            else:
                out.append(
                    "> " + _("[Quote removed: its author deleted their account.]")
                )
                skipping = True
                continue
        out.append(line)
    text = "\n".join(out)

    def unmention(found: re.Match) -> str:
        name = found.group(1)
        if name.rstrip(".+-") == username:
            return "@" + placeholder + name[len(username) :]
        return found.group(0)

    return MENTION.sub(unmention, text) if mentions else text


def _rewrite_others(
    user: User, post_ids: set[str], *, keep_posts: bool
) -> dict[int, Post]:
    """Scrub quotes and mentions of `user` in other posts; returns the changed posts."""
    username = user.username
    touches = Q(body__contains=f"@{username}") | Q(body__contains="](/p/")
    changed: dict[int, Post] = {}
    for model in (Post, PostRevision):
        rows = model.objects.filter(touches)
        if model is Post:
            rows = rows.exclude(author=user)
        for row in rows.iterator():
            text = scrub_member_text(
                row.body, username=username, post_ids=post_ids, keep_posts=keep_posts
            )
            if text != row.body:
                row.body = text
                row.body_html = render_markdown(text)
                row.save(update_fields=["body", "body_html"])
                if model is Post:
                    changed[row.pk] = row
                    # Quotes and mentions of the member leave the index with them.
                    search_post_reindex(row)
    return changed


def _scrub_events(
    own: set[int], changed: dict[int, Post], thread_ids: set[int], *, keep_posts: bool
) -> None:
    """The live event log holds copies of post HTML and author names: scrub them too."""
    events = ThreadEvent.objects.filter(
        thread_id__in=thread_ids, kind__startswith="post."
    )
    for event in events.iterator():
        post = event.payload.get("post") or {}
        if post.get("id") in changed and "html" in post:
            event.payload = {
                **event.payload,
                "post": {**post, "html": changed[post["id"]].body_html},
            }
            event.save(update_fields=["payload"])
        elif post.get("id") in own and keep_posts:
            event.payload = {**event.payload, "post": {**post, "author": None}}
            event.save(update_fields=["payload"])
        elif post.get("id") in own:
            event.kind = "post.hidden"
            event.payload = {"post": {"id": post["id"]}}
            event.save(update_fields=["kind", "payload"])


def hide_name_before(user: User, before) -> int:
    """ "a member" instead of `user`'s name on their posts from before `before`, on the
    quotes of those posts, on mentions of them in others' posts of that time, and in the
    live event log. The posts stay theirs. Returns how many posts changed."""
    posts = Post.objects.filter(author=user, created_at__lt=before, is_anonymous=False)
    post_ids = set(posts.values_list("pk", flat=True))
    thread_ids = set(posts.values_list("thread_id", flat=True))
    posts.update(is_anonymous=True)
    placeholder = _("a member")
    username = user.username
    touches = Q(body__contains=f"@{username}") | Q(body__contains="](/p/")
    changed: dict[int, Post] = {}
    ids = {str(pk) for pk in post_ids}
    for model in (Post, PostRevision):
        rows = model.objects.filter(touches)
        if model is Post:
            rows = rows.exclude(author=user)
        else:
            rows = rows.select_related("post")
        for row in rows.iterator():
            written_at = row.created_at if model is Post else row.post.created_at
            text = scrub_member_text(
                row.body,
                username=username,
                post_ids=ids,
                keep_posts=True,
                placeholder=placeholder,
                mentions=written_at < before,
            )
            if text != row.body:
                row.body = text
                row.body_html = render_markdown(text)
                row.save(update_fields=["body", "body_html"])
                if model is Post:
                    changed[row.pk] = row
                    search_post_reindex(row)
    # The index forgets the name in this transaction too.
    search_posts_unname(post_ids)
    _scrub_events(
        post_ids,
        changed,
        thread_ids | {post.thread_id for post in changed.values()},
        keep_posts=True,
    )
    Thread.objects.filter(last_poster=user, last_post_at__lt=before).update(
        last_poster=None
    )
    return len(post_ids)


def erase_user_data(user: User, *, keep_posts: bool) -> None:
    own_posts = Post.objects.filter(author=user)
    post_ids = set(own_posts.values_list("pk", flat=True))
    thread_ids = set(own_posts.values_list("thread_id", flat=True))

    changed = _rewrite_others(user, {str(pk) for pk in post_ids}, keep_posts=keep_posts)
    _scrub_events(
        post_ids,
        changed,
        thread_ids | {post.thread_id for post in changed.values()},
        keep_posts=keep_posts,
    )

    # Their reactions go; the counts on those posts follow.
    reacted = set(Reaction.objects.filter(user=user).values_list("post_id", flat=True))
    Reaction.objects.filter(user=user).delete()
    for post in Post.objects.filter(pk__in=reacted):
        counts: dict[str, int] = {}
        for kind in post.reactions.values_list("kind", flat=True):
            counts[kind] = counts.get(kind, 0) + 1
        post.reaction_counts = counts
        post.save(update_fields=["reaction_counts"])

    ReadState.objects.filter(user=user).delete()
    Follow.objects.filter(user=user).delete()
    PostRevision.objects.filter(post__author=user).delete()
    PostRevision.objects.filter(edited_by=user).update(edited_by=None)

    # The index forgets them in this transaction too: their name, or their posts.
    search_author_forget(user)
    if not keep_posts:
        search_posts_remove(post_ids)
    if keep_posts:
        own_posts.update(author=None, idempotency_key="")
        Thread.objects.filter(author=user).update(author=None)
    else:
        Reaction.objects.filter(post__author=user).delete()
        own_posts.update(
            author=None,
            idempotency_key="",
            body="",
            body_html="",
            status=PostStatus.DELETED,
            reaction_counts={},
        )
        # A title is their words too; the replies of others stay readable under a
        # neutral one.
        for thread in Thread.objects.filter(author=user):
            thread.tags.clear()
        Thread.objects.filter(author=user).update(
            author=None, title=_("Removed thread"), slug="removed-thread"
        )
    Thread.objects.filter(last_poster=user).update(last_poster=None)
    for thread in Thread.objects.filter(pk__in=thread_ids):
        thread_counters_refresh(thread)
