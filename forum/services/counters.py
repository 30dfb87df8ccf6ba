"""Denormalised counters on threads and categories, recomputed from the posts.

post_create keeps them up to date incrementally; anything that publishes or unpublishes an
existing post (approve, reject, hide, restore, move) calls `thread_counters_refresh()`.
"""

from django.db.models import Max, Sum

from forum.models import Category, Post, PostStatus, Thread

# An opening post in these states has never been published: the thread is not either.
UNPUBLISHED_OPENER = (PostStatus.PENDING, PostStatus.REJECTED)


def thread_counters_refresh(thread: Thread) -> Thread:
    """Recount a thread's published posts and last activity, then its category's totals.

    A thread whose opening post waits for approval (or was rejected) counts none, so it
    is listed and readable only once that post is published, whatever else was approved.
    Call inside the transaction that changed the posts."""
    published = Post.objects.filter(thread_id=thread.pk, status=PostStatus.PUBLISHED)
    if Post.objects.filter(
        thread_id=thread.pk, number=1, status__in=UNPUBLISHED_OPENER
    ).exists():
        published = published.none()
    last = published.order_by("-number").only("created_at", "author_id").first()
    thread.post_count = published.count()
    thread.last_post_at = last.created_at if last else thread.created_at
    thread.last_poster_id = last.author_id if last else thread.author_id
    Thread.objects.filter(pk=thread.pk).update(
        post_count=thread.post_count,
        last_post_at=thread.last_post_at,
        last_poster_id=thread.last_poster_id,
    )
    category_counters_refresh(thread.category_id)
    return thread


def category_counters_refresh(category_id: int) -> None:
    """Recount a category's listed threads (those with a published post) and posts."""
    listed = Thread.objects.filter(category_id=category_id, post_count__gt=0)
    totals = listed.aggregate(posts=Sum("post_count"), last=Max("last_post_at"))
    Category.objects.filter(pk=category_id).update(
        thread_count=listed.count(),
        post_count=totals["posts"] or 0,
        last_post_at=totals["last"],
    )
