"""Decides, before a post is stored, whether it is published at once, held, masked or refused.

Registered with forum (forum.screening) in ModerationConfig.ready(): forum.services calls
`screen_post()` before it creates a post and `screening_applied()` after, inside the same
transaction. Rules here: watched words (block, censor, hold,
flag, at risk), built-in contact-detail patterns, a member's first posts, pre-moderated categories,
and slow mode (checked once the post exists; refusing rolls it back).
"""

from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.permissions import can_moderate
from forum.models import Category, Post, PostStatus
from forum.screening import Screening
from moderation import matching
from moderation.models import FlagReason, HoldReason, WatchedAction, WatchedWord
from moderation.services import approval_queue_add, case_open_automatic


def watched_word_index(
    *, author: User, language: str
) -> dict[tuple[str, ...], tuple[str, str]]:
    """Words for every language, the post's language and its author's.

    The author's too: labelling a post with another language must not slip it past the
    list of the language its author writes."""
    languages = {"", language, author.preferred_language or settings.LANGUAGE_CODE}
    rows = WatchedWord.objects.filter(language__in=languages).values_list(
        "word", "action"
    )
    return _index_of(tuple(sorted(rows)))


# Stronger actions first, so a word listed twice acts at its strictest.
_STRENGTH = {
    WatchedAction.BLOCK: 0,
    WatchedAction.HOLD: 1,
    WatchedAction.AT_RISK: 2,
    WatchedAction.FLAG: 3,
    WatchedAction.CENSOR: 4,
}


@lru_cache(maxsize=16)
def _index_of(rows: tuple[tuple[str, str], ...]) -> dict:
    """The index of a word list, built once per distinct list: the rows themselves are
    the key, so a changed list is a new entry and an old one is never used for it.
    Callers only read the index."""
    return matching.build_index(sorted(rows, key=lambda row: _STRENGTH[row[1]]))


def slow_mode_check(*, post: Post) -> None:
    """Refuse a reply that comes sooner than the thread's slow mode allows.

    Runs once the post exists, inside its transaction: raising rolls the post back.
    """
    thread = post.thread
    minutes = thread.slow_mode_minutes
    if not minutes or post.author is None or can_moderate(post.author):
        return
    since = timezone.now() - timedelta(minutes=minutes)
    recent = (
        Post.objects.filter(thread=thread, author=post.author, created_at__gt=since)
        .exclude(pk=post.pk)
        .exclude(status__in=[PostStatus.REJECTED, PostStatus.DELETED])
    )
    if recent.exists():
        raise ValidationError(
            ngettext(
                "This thread is in slow mode: one reply per member every minute. "
                "Your text is still here; please try again shortly.",
                "This thread is in slow mode: one reply per member every %(minutes)d "
                "minutes. Your text is still here; please try again later.",
                minutes,
            )
            % {"minutes": minutes},
            code="slow_mode",
        )


def _is_among_first_posts(author: User) -> bool:
    needed = settings.FIRST_POSTS_NEEDING_APPROVAL
    if needed <= 0:
        return False
    # Counting stops at `needed`: a prolific member's posts are not all counted.
    published = Post.objects.filter(author=author, status=PostStatus.PUBLISHED)
    return published.order_by().values("pk")[:needed].count() < needed


def screen_post(
    *, author: User, category: Category, body: str, language: str
) -> Screening:
    """Publish, hold for approval, mask watched words, or refuse with a clear message.

    Raises ValidationError (block); the caller's form keeps the text.
    """
    reasons: list[str] = []
    matches = matching.find_words(
        body, watched_word_index(author=author, language=language)
    )
    by_action: dict[str, list[str]] = {}
    for match in matches:
        by_action.setdefault(match.action, []).append(body[match.start : match.end])
    if by_action.get(WatchedAction.BLOCK):
        raise ValidationError(
            _(
                "Your post contains words this community does not allow: %(words)s. "
                "Please change them and post again."
            )
            % {"words": ", ".join(sorted(set(by_action[WatchedAction.BLOCK])))},
            code="watched_word_block",
        )
    censored = [m for m in matches if m.action == WatchedAction.CENSOR]
    if censored:
        body = matching.censor(body, censored)
    moderator = can_moderate(author)
    if not moderator:
        if by_action.get(WatchedAction.HOLD):
            reasons.append(HoldReason.WATCHED_WORD)
        if settings.MODERATION_HOLD_CONTACT_DETAILS and matching.find_contact_details(
            body
        ):
            reasons.append(HoldReason.CONTACT_DETAILS)
        if category.is_pre_moderated:
            reasons.append(HoldReason.PRE_MODERATED)
        if _is_among_first_posts(author):
            reasons.append(HoldReason.FIRST_POSTS)
    status = PostStatus.PENDING if reasons else PostStatus.PUBLISHED
    return Screening(
        status=status,
        body=body,
        hold_reasons=reasons,
        matched_words=sorted({m.word for m in matches}),
        flag_words=[] if moderator else sorted(set(by_action.get("flag", []))),
        at_risk_words=sorted(set(by_action.get(WatchedAction.AT_RISK, []))),
    )


def screening_applied(*, post: Post, screening: Screening) -> None:
    """Called once the post exists: slow mode (may refuse), approval queue, flag words."""
    slow_mode_check(post=post)
    if screening.status == PostStatus.PENDING:
        approval_queue_add(
            post=post,
            reasons=screening.hold_reasons,
            matched_words=screening.matched_words,
        )
    if screening.flag_words:
        case_open_automatic(
            post=post,
            note=_("Watched words: %(words)s")
            % {"words": ", ".join(screening.flag_words)},
        )
    if screening.at_risk_words:
        # A harm flag: the case is urgent and at the top of the queue.
        case_open_automatic(
            post=post,
            note=_("The poster may be at risk: %(words)s")
            % {"words": ", ".join(screening.at_risk_words)},
            reason=FlagReason.HARM,
        )


class ModerationScreener:
    """Moderation's policy, in the shape forum.screening expects."""

    def screen(
        self, *, author: User, category: Category, body: str, language: str
    ) -> Screening:
        return screen_post(
            author=author, category=category, body=body, language=language
        )

    def applied(self, *, post: Post, screening: Screening) -> None:
        screening_applied(post=post, screening=screening)
