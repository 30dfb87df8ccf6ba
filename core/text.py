"""The only way user text becomes HTML: Markdown with raw HTML off, then an allowlist sanitiser.

SPEC §7: render first, sanitise second, store the result; nothing else is ever shown.
"""

import re
import unicodedata
from collections.abc import Collection
from urllib.parse import quote

import bleach
from bleach.html5lib_shim import Filter
from markdown_it import MarkdownIt
from markdown_it.token import Token

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
# "@name" not preceded by a word character, "@", "/" or "." (so e-mail addresses and
# URLs are left alone). Usernames follow Django's allowed characters.
MENTION = re.compile(r"(?<![\w@/.])@([\w][\w.+-]{0,149})")
# markdown-it skips the rest of a body once blocks nest past maxNesting (it bounds the
# cost of 10,000 ">"). Quotes and lists stop nesting a few levels earlier, so deeper
# markers read as text and every word is kept (see _shallow).
MAX_NESTING = 20
MAX_BLOCK_LEVEL = MAX_NESTING - 4
# Pure ">" runs are clamped too, so a deep quote stays small and cheap to render.
MAX_QUOTE_DEPTH = 8
_DEEP_QUOTE = re.compile(rf"^( {{0,3}}(?:> ?){{{MAX_QUOTE_DEPTH}}})[> ]+", re.MULTILINE)


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, no control characters and no bidi overrides (bodies)."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CHARS.sub("", text)
    return _BIDI_OVERRIDES.sub("", text)


def normalise_line(text: str) -> str:
    """For titles and usernames: one line, no bidi controls at all, trimmed."""
    text = normalise_text(text).replace("\n", " ").replace("\t", " ")
    return _BIDI_CONTROLS.sub("", text).strip()


def mentioned_usernames(text: str) -> set[str]:
    """Every "@name" candidate in a body; callers keep the ones that are real members."""
    return {_trim_mention(match.group(1)) for match in MENTION.finditer(text)}


def _trim_mention(name: str) -> str:
    # "Thanks @anna." mentions anna, not "anna.".
    return name.rstrip(".+-")


def profile_url(username: str) -> str:
    return f"/u/{quote(username, safe='')}/"


def _mentions_rule(state) -> None:
    """Turn "@name" in plain text into a profile link when name is in env["mentions"]."""
    known = state.env.get("mentions") if isinstance(state.env, dict) else None
    if not known:
        return

    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children = []
        link_depth = 0
        for token in block.children:
            if token.type == "link_open":
                link_depth += 1
            elif token.type == "link_close":
                link_depth -= 1
            if token.type != "text" or link_depth > 0 or "@" not in token.content:
                children.append(token)
                continue
            text = token.content
            position = 0
            for match in MENTION.finditer(text):
                name = _trim_mention(match.group(1))
                if name not in known:
                    continue
                start, end = match.start(), match.start() + 1 + len(name)
                if start > position:
                    before = Token("text", "", 0)
                    before.content = text[position:start]
                    children.append(before)
                link_open = Token("link_open", "a", 1)
                link_open.attrs = {"href": profile_url(name)}
                label = Token("text", "", 0)
                label.content = text[start:end]
                link_close = Token("link_close", "a", -1)
                children.extend([link_open, label, link_close])
                position = end
            if position < len(text):
                rest = Token("text", "", 0)
                rest.content = text[position:]
                children.append(rest)
        block.children = children


def _shallow(rule):
    """A blockquote or list rule that declines to open past MAX_BLOCK_LEVEL: the line is
    then read as paragraph text (markers included) instead of nesting up to maxNesting.
    As a terminator (`silent`) it still ends the paragraph before, so each deep item
    stays a paragraph of its own and a shallower one is a list item again."""

    def guarded(state, start_line: int, end_line: int, silent: bool) -> bool:
        if state.level >= MAX_BLOCK_LEVEL and not silent:
            return False
        return rule(state, start_line, end_line, silent)

    return guarded


def _markdown() -> MarkdownIt:
    md = MarkdownIt(
        "commonmark",
        # maxNesting bounds nested blocks and inline markup, so hostile input stays fast.
        {
            "html": False,
            "linkify": True,
            "typographer": False,
            "maxNesting": MAX_NESTING,
        },
    ).enable(["table", "strikethrough", "linkify"])
    for rule in md.block.ruler.__rules__:
        if rule.name in ("blockquote", "list"):
            md.block.ruler.at(rule.name, _shallow(rule.fn), {"alt": list(rule.alt)})

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

    def paragraph_open(renderer, tokens, idx, options, env):
        # Two paragraphs in one tight list item only come from lines _shallow read as
        # text: keep them apart on screen.
        if tokens[idx].hidden and idx and tokens[idx - 1].type == "paragraph_close":
            return "<br>\n"
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("paragraph_open", paragraph_open)
    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_close)
    md.add_render_rule("image", image)
    md.core.ruler.push("mentions", _mentions_rule)
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


def render_markdown(text: str, *, mentions: Collection[str] = ()) -> str:
    """Markdown (raw HTML off) to sanitised HTML. Callers store the result.

    `mentions` are the usernames (already checked to exist) that "@name" links to.
    """
    source = _DEEP_QUOTE.sub(r"\1", normalise_text(text))
    env = {"mentions": frozenset(mentions)}
    return sanitize_html(_MARKDOWN.render(source, env))
