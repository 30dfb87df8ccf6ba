"""Recovery stories: submit, review (through core.review), withdraw."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import throttle
from accounts.countries import COUNTRIES
from accounts.models import User
from accounts.permissions import can_moderate, can_post, is_member
from core.errors import NotFound
from core.text import normalise_line, normalise_text, render_markdown
from voice.models import (
    STORY_CONSENT_VERSION,
    Story,
    StoryArea,
    StoryAreaTag,
    StorySignature,
    StoryState,
)

MAX_TITLE_LENGTH = 200
MAX_BODY_LENGTH = 20_000
MAX_NAME_LENGTH = 60
# Each story is read by a moderator: a member sharing more than this in a day is far
# more likely a script than a life.
STORIES_PER_DAY = 5
_LANGUAGES = {code for code, _label in Story._meta.get_field("language").choices}
_COUNTRIES = {code for code, _label in COUNTRIES}


def _clean(
    *,
    title: str,
    body: str,
    areas: Iterable[str],
    country: str,
    language: str,
    signature: str,
    signed_name: str,
) -> dict:
    errors: dict[str, str] = {}
    title = normalise_line(title or "").strip()
    body = normalise_text(body or "").strip()
    signed_name = normalise_line(signed_name or "").strip()
    areas = sorted(set(areas))
    if not title:
        errors["title"] = _("Give your story a title.")
    elif len(title) > MAX_TITLE_LENGTH:
        errors["title"] = _("Keep the title to %(limit)d characters.") % {
            "limit": MAX_TITLE_LENGTH
        }
    if not body:
        errors["body"] = _("Write your story.")
    elif len(body) > MAX_BODY_LENGTH:
        errors["body"] = _("Keep the story to %(limit)d characters.") % {
            "limit": MAX_BODY_LENGTH
        }
    if not areas or not set(areas) <= set(StoryArea.values):
        errors["areas"] = _("Choose at least one area from the list.")
    if country and country not in _COUNTRIES:
        errors["country"] = _("Choose a country from the list, or none.")
    if language not in _LANGUAGES:
        errors["language"] = _("Choose the language the story is written in.")
    if signature not in StorySignature.values:
        errors["signature"] = _("Choose how the story is signed.")
    elif signature == StorySignature.FIRST_NAME:
        if not signed_name:
            errors["signed_name"] = _("Type the first name to sign with.")
        elif len(signed_name) > MAX_NAME_LENGTH or " " in signed_name:
            errors["signed_name"] = _("A first name only: one word, no surname.")
    else:
        signed_name = ""
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "body": body,
        "areas": areas,
        "country": country,
        "language": language,
        "signature": signature,
        "signed_name": signed_name,
    }


def story_submit(
    *,
    by: User,
    title: str,
    body: str,
    areas: Iterable[str],
    language: str,
    signature: str,
    has_consented: bool,
    country: str = "",
    signed_name: str = "",
    idempotency_key: str = "",
) -> Story:
    """A member sends a story for review; nothing is public until a moderator approves.

    Consent to public display is required and recorded with its time and the version of
    the consent text shown. A repeated `idempotency_key` returns the first story.
    """
    if not can_post(by):
        raise PermissionDenied(
            _("Log in with a confirmed e-mail address to share your story.")
        )
    data = _clean(
        title=title,
        body=body,
        areas=areas,
        country=country,
        language=language,
        signature=signature,
        signed_name=signed_name,
    )
    if not has_consented:
        raise ValidationError(
            {"has_consented": _("Tick the box to agree to your story being shown.")}
        )
    if idempotency_key:
        existing = Story.objects.filter(
            author=by, idempotency_key=idempotency_key
        ).first()
        if existing:
            return existing
    # Counted through the login throttle's helper: with the cache down nothing is
    # counted and stories still go through (SPEC §6).
    if throttle.rate_limit_hit(
        scope="voice-story", key=str(by.pk), limit=STORIES_PER_DAY, seconds=86_400
    ):
        raise PermissionDenied(
            ngettext(
                "You can share %(limit)d story a day. Your text is kept below; "
                "please send it tomorrow.",
                "You can share %(limit)d stories a day. Your text is kept below; "
                "please send it tomorrow.",
                STORIES_PER_DAY,
            )
            % {"limit": STORIES_PER_DAY}
        )
    areas = data.pop("areas")
    try:
        # Savepoint: a concurrent double submit loses the race on the unique key, and
        # the winner's story is returned instead of an error.
        with transaction.atomic():
            story = Story.objects.create(
                author=by,
                body_html=render_markdown(data["body"]),
                consent_at=timezone.now(),
                consent_version=STORY_CONSENT_VERSION,
                idempotency_key=idempotency_key,
                **data,
            )
            StoryAreaTag.objects.bulk_create(
                StoryAreaTag(story=story, area=area) for area in areas
            )
    except IntegrityError:
        return Story.objects.get(author=by, idempotency_key=idempotency_key)
    return story


@transaction.atomic
def story_decide(*, pk: int, by: User, approve: bool, reason: str = "") -> Story:
    """A moderator publishes a waiting story or declines it (core.review's `decide`).

    The caller (moderation's approval queue) records the decision and its reason.
    """
    if not can_moderate(by):
        raise PermissionDenied(_("Only moderators can review stories."))
    # Row lock: two moderators deciding at once make one decision; the second is told
    # the story no longer waits.
    story = (
        Story.objects.select_for_update()
        .filter(pk=pk, state=StoryState.PENDING)
        .first()
    )
    if story is None:
        raise NotFound(_("This story no longer waits for review."))
    now = timezone.now()
    story.state = StoryState.PUBLISHED if approve else StoryState.REJECTED
    story.decided_at = now
    story.decided_by = by
    story.published_at = now if approve else None
    story.save(update_fields=["state", "decided_at", "decided_by", "published_at"])
    return story


@transaction.atomic
def story_withdraw(*, story: Story, by: User) -> Story:
    """The author takes their story back, whatever its state: it leaves every public
    page at once and its text is wiped; only a tombstone stays so its address says Gone.
    """
    if not is_member(by) or story.author_id != by.pk:
        raise PermissionDenied(_("Only the author can withdraw a story."))
    story = Story.objects.select_for_update().get(pk=story.pk)
    if story.state == StoryState.WITHDRAWN:
        return story
    story.state = StoryState.WITHDRAWN
    story.withdrawn_at = timezone.now()
    story.title = ""
    story.body = ""
    story.body_html = ""
    story.signed_name = ""
    story.save(
        update_fields=[
            "state",
            "withdrawn_at",
            "title",
            "body",
            "body_html",
            "signed_name",
        ]
    )
    story.areas.all().delete()
    return story


def stories_erase(*, user: User) -> None:
    """Delete every story of `user`, tombstones included (account erasure)."""
    Story.objects.filter(author=user).delete()
