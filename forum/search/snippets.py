"""Snippets: the text is escaped first, then the matched words are marked, so nothing
from the index is ever shown as HTML."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 240
_SPACES = re.compile(r"\s+")


def _pattern(words: list[str]) -> re.Pattern | None:
    if not words:
        return None
    # A word and what follows it: a prefix or a stemmed match ("housing" for "hous").
    alternatives = "|".join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def _marked(text: str, pattern: re.Pattern | None) -> SafeString:
    if pattern is None:
        return escape(text)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def highlight(text: str, words: list[str]) -> SafeString:
    """The whole (short) text, escaped, with the words marked."""
    return _marked(text, _pattern(words))


def snippet(text: str, words: list[str]) -> SafeString:
    """About SNIPPET_CHARS of `text` around its first match, escaped, words marked."""
    text = _SPACES.sub(" ", text).strip()
    pattern = _pattern(words)
    found = pattern.search(text) if pattern else None
    start = 0
    if found and found.start() > SNIPPET_CHARS // 3:
        start = text.rfind(" ", 0, found.start() - SNIPPET_CHARS // 3) + 1
    end = start + SNIPPET_CHARS
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    piece = text[start:end]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + _marked(piece, pattern) + suffix)  # noqa: S308
