"""Watched words: moderators add and remove them; screening applies them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from moderation import matching
from moderation.models import WatchedAction, WatchedWord
from moderation.services.audit import require_moderator


@transaction.atomic
def watched_word_add(*, by: User, word: str, language: str, action: str) -> WatchedWord:
    """Add or change a watched word; it is matched as whole words, never as a pattern."""
    require_moderator(by)
    word = " ".join((word or "").split())
    tokens = matching.word_tokens(word)
    if not tokens or not matching.is_plain_phrase(word):
        raise ValidationError(
            _(
                "Watched words are plain words: letters and digits, with spaces, "
                "hyphens or apostrophes between them. Patterns are not supported."
            ),
            code="not_plain",
        )
    if len(tokens) > matching.MAX_PHRASE_TOKENS or len(word) > matching.MAX_WORD_LENGTH:
        raise ValidationError(
            _(
                "A watched phrase can have at most %(words)d words and %(chars)d characters."
            )
            % {"words": matching.MAX_PHRASE_TOKENS, "chars": matching.MAX_WORD_LENGTH},
            code="too_long",
        )
    if action not in WatchedAction.values:
        raise ValidationError(_("Choose an action from the list."), code="invalid")
    watched, _created = WatchedWord.objects.update_or_create(
        language=language,
        word=word.casefold(),
        defaults={"action": action, "created_by": by},
    )
    return watched


@transaction.atomic
def watched_word_delete(*, by: User, word: WatchedWord) -> None:
    require_moderator(by)
    WatchedWord.objects.filter(pk=word.pk).delete()
