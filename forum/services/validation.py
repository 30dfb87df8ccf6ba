"""Shape checks shared by the forum's write services (titles, bodies, tags, keys)."""

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.text import MAX_BODY_LENGTH, normalise_line, normalise_text

MAX_TITLE_LENGTH = 150
MAX_TAGS = 5
MAX_TAG_LENGTH = 40
_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_SPACES = re.compile(r"\s+")
# Tags are words for people and parts of a URL: letters, digits, spaces and - _ + . & '
_TAG_JUNK = re.compile(r"[^\w +.&'-]")


def clean_title(title: str) -> str:
    title = normalise_line(title or "")
    if not title:
        raise ValidationError(_("Give the thread a title."), code="required")
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError(
            _("Keep the title to %(limit)d characters (it has %(length)d).")
            % {"limit": MAX_TITLE_LENGTH, "length": len(title)},
            code="max_length",
        )
    return title


def clean_body(body: str) -> str:
    body = normalise_text(body or "").strip()
    if not body:
        raise ValidationError(_("Write something before posting."), code="required")
    if len(body) > MAX_BODY_LENGTH:
        raise ValidationError(
            _(
                "A post can be at most %(limit)s characters; this one has %(length)s. "
                "Shorten it or split it into two posts."
            )
            % {"limit": f"{MAX_BODY_LENGTH:,}", "length": f"{len(body):,}"},
            code="max_length",
        )
    return body


def parse_tags(tags: str | Iterable[str]) -> list[str]:
    """Comma-separated text or a list to at most five lower-case tags, in order, unique."""
    items = tags.split(",") if isinstance(tags, str) else list(tags)
    cleaned: list[str] = []
    for item in items:
        tag = _SPACES.sub(" ", normalise_line(str(item)).lower()).strip(" .")
        if not tag or tag in cleaned:
            continue
        # Refused, not rewritten: "<b>x</b>" silently becoming "bxb" is not what was meant.
        junk = "".join(dict.fromkeys(_TAG_JUNK.findall(tag)))
        if junk:
            raise ValidationError(
                _(
                    "The tag “%(tag)s” contains characters a tag cannot have "
                    "(%(junk)s). Tags can use letters, digits, spaces and - _ + . & '"
                )
                % {"tag": tag[:MAX_TAG_LENGTH], "junk": " ".join(junk)},
                code="tag_characters",
            )
        if len(tag) > MAX_TAG_LENGTH:
            raise ValidationError(
                _("A tag can be at most %(limit)d characters: “%(tag)s…”.")
                % {"limit": MAX_TAG_LENGTH, "tag": tag[:MAX_TAG_LENGTH]},
                code="tag_length",
            )
        cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise ValidationError(
            ngettext(
                "Use at most %(limit)d tag.", "Use at most %(limit)d tags.", MAX_TAGS
            )
            % {"limit": MAX_TAGS},
            code="too_many_tags",
        )
    return cleaned


def clean_idempotency_key(key: str) -> str:
    """An opaque token from the form; anything odd is ignored rather than trusted."""
    key = (key or "").strip()
    return key if _KEY.match(key) else ""
