"""The seam through which a higher app decides whether a new or edited post is published.

forum stores posts but does not hold the screening policy (watched words, approval
queue, slow mode): the app that does registers a screener in its `AppConfig.ready()`
(moderation does). Without one, every post is published as written.
"""

from dataclasses import dataclass, field
from typing import Protocol

from accounts.models import User
from forum.models import Category, Post, PostStatus


@dataclass(frozen=True)
class Screening:
    status: str
    body: str
    hold_reasons: list[str] = field(default_factory=list)
    matched_words: list[str] = field(default_factory=list)
    flag_words: list[str] = field(default_factory=list)
    # Words saying the poster may be at risk: the view shows them help lines.
    at_risk_words: list[str] = field(default_factory=list)


class Screener(Protocol):
    def screen(
        self, *, author: User, category: Category, body: str, language: str
    ) -> Screening:
        """Before the post exists: publish, hold or mask the text (written in
        `language`); raise ValidationError to refuse it (the caller's form keeps it)."""

    def applied(self, *, post: Post, screening: Screening) -> None:
        """Once the post exists, in its transaction: raising rolls the post back."""


class PublishEverything:
    """The screener forum uses when no app has registered one."""

    def screen(
        self, *, author: User, category: Category, body: str, language: str
    ) -> Screening:
        return Screening(status=PostStatus.PUBLISHED, body=body)

    def applied(self, *, post: Post, screening: Screening) -> None:
        return None


DEFAULT_SCREENER = PublishEverything()
_screener: Screener = DEFAULT_SCREENER


def screener_register(screener: Screener) -> Screener:
    """Make `screener` decide every post from now on; returns the one it replaces."""
    global _screener
    previous, _screener = _screener, screener
    return previous


def screen_post(
    *, author: User, category: Category, body: str, language: str
) -> Screening:
    """What the registered screener decides for a post about to be stored."""
    return _screener.screen(
        author=author, category=category, body=body, language=language
    )


def screening_applied(*, post: Post, screening: Screening) -> None:
    """Hand the stored post back to the registered screener."""
    _screener.applied(post=post, screening=screening)
