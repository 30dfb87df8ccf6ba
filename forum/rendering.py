"""The only way user text becomes HTML: Markdown with raw HTML off, then an allowlist sanitiser.

SPEC §7: render first, sanitise second, store the result; nothing else is ever shown.
"""

import re
import unicodedata

import bleach
from bleach.html5lib_shim import Filter
from markdown_it import MarkdownIt

MAX_BODY_LENGTH = 20_000

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "em", "strong", "s", "del", "code", "pre", "blockquote",
        "ul", "ol", "li", "h3", "h4", "h5", "h6", "a",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "ol": ["start"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# C0/C1 controls except tab and newline; they hide text or break terminals and logs.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Embeddings, overrides and isolates: they can make "exe.txt" read as "txt.exe".
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_BIDI_OVERRIDES = re.compile("[\u202d\u202e]")


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, no control characters and no bidi overrides (bodies)."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CHARS.sub("", text)
    return _BIDI_OVERRIDES.sub("", text)


def normalise_line(text: str) -> str:
    """For titles and usernames: one line, no bidi controls at all, trimmed."""
    text = normalise_text(text).replace("\n", " ").replace("\t", " ")
    return _BIDI_CONTROLS.sub("", text).strip()


def _markdown() -> MarkdownIt:
    md = MarkdownIt(
        "commonmark",
        # maxNesting bounds nested blockquotes and lists, so 10,000 ">" render flat and fast.
        {"html": False, "linkify": True, "typographer": False, "maxNesting": 20},
    ).enable(["table", "strikethrough", "linkify"])

    def heading_open(renderer, tokens, idx, options, env):
        # A post lives inside a page that owns h1/h2: shift headings down to h3-h6.
        level = min(int(tokens[idx].tag[1]) + 2, 6)
        return f"<h{level}>"

    def heading_close(renderer, tokens, idx, options, env):
        level = min(int(tokens[idx].tag[1]) + 2, 6)
        return f"</h{level}>\n"

    def image(renderer, tokens, idx, options, env):
        # No images from other hosts (privacy: a remote image reveals the reader's IP).
        token = tokens[idx]
        src = md.normalizeLinkText(token.attrGet("src") or "")
        alt = md.renderer.renderInlineAsText(token.children or [], options, env) or src
        return f'<a href="{bleach.html5lib_shim.escape(src)}">{bleach.html5lib_shim.escape(alt)}</a>'

    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_close)
    md.add_render_rule("image", image)
    return md


class _LinkRelFilter(Filter):
    """Every surviving link gets rel="nofollow ugc noopener", whatever the input said."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag") and token["name"] == "a":
                attrs = dict(token.get("data", {}))
                attrs[(None, "rel")] = LINK_REL
                token["data"] = attrs
            yield token


_MARKDOWN = _markdown()
_CLEANER = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[_LinkRelFilter],
)


def sanitize_html(html: str) -> str:
    """The one sanitiser (bleach today; swap it here and only here)."""
    return _CLEANER.clean(html)


def render_markdown(text: str) -> str:
    """Markdown (raw HTML off) to sanitised HTML. Callers store the result."""
    return sanitize_html(_MARKDOWN.render(normalise_text(text)))
