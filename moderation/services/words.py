"""Watched words: moderators add and remove them; screening applies them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require_moderator
from core.languages import written_languages
from moderation import matching
from moderation.models import Action, WatchedAction, WatchedWord
from moderation.services.audit import audit_record, clean_reason


def _clean_reason(reason: str) -> str:
    if not (reason or "").strip():
        raise ValidationError(
            _("Give a reason: other moderators read it in the audit log."),
            code="required",
        )
    return clean_reason(reason)


@transaction.atomic
def watched_word_add(
    *, by: User, word: str, language: str, action: str, reason: str
) -> WatchedWord:
    """Add or change a watched word; it is matched as whole words, never as a pattern.

    Audited like every moderator action (no member is concerned, so no statement).
    """
    require_moderator(by)
    reason = _clean_reason(reason)
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
    if language and language not in written_languages():
        raise ValidationError(_("Choose a language from the list."), code="invalid")
    watched, _created = WatchedWord.objects.update_or_create(
        language=language,
        word=word.casefold(),
        defaults={"action": action, "created_by": by},
    )
    audit_record(
        actor=by,
        action=Action.WORD_ADD,
        target=None,
        subject=str(watched),
        reason=reason,
    )
    return watched


@transaction.atomic
def watched_word_delete(*, by: User, word: WatchedWord, reason: str) -> None:
    """Stop watching a word; audited, with the word as it was."""
    require_moderator(by)
    reason = _clean_reason(reason)
    word = WatchedWord.objects.select_for_update().filter(pk=word.pk).first()
    if word is None:
        return
    subject = str(word)
    word.delete()
    audit_record(
        actor=by, action=Action.WORD_REMOVE, target=None, subject=subject, reason=reason
    )
