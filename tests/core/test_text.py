"""Hostile input: every case renders inert (allowlisted tags, attributes and schemes)."""

from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
from django.core.exceptions import ValidationError

from core.text import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    LINK_REL,
    normalise_line,
    normalise_text,
    render_markdown,
    sanitize_html,
)
from forum.services.validation import clean_body, clean_title

HOSTILE = {
    "script tag": "<script>alert(1)</script>",
    "script split": "<scr<script>ipt>alert(1)</script>",
    "event handler": '<img src=x onerror="alert(1)">',
    "svg": "<svg onload=alert(1)><circle r=5 /></svg>",
    "mathml": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "style tag": "<style>body{display:none}</style>",
    "style attr": '<p style="position:fixed;top:0">x</p>',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "object": '<object data="javascript:alert(1)"></object>',
    "form": '<form action="https://evil.example"><input name=password></form>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "base": '<base href="https://evil.example/">',
    "comment": "<!-- <script>alert(1)</script> -->",
    "cdata": "<![CDATA[<script>alert(1)</script>]]>",
    "inline link js": "[click](javascript:alert(1))",
    "inline link js upper": "[click](JaVaScRiPt:alert(1))",
    "inline link js spaced": "[click]( javascript:alert(1) )",
    "inline link js tab": "[click](java\tscript:alert(1))",
    "inline link js newline": "[click](<java\nscript:alert(1)>)",
    "inline link data": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "inline link vbscript": "[click](vbscript:msgbox(1))",
    "inline link file": "[click](file:///etc/passwd)",
    "entity scheme": "[click](&#106;avascript:alert(1))",
    "hex entity scheme": "[click](&#x6A;&#x61;vascript:alert(1))",
    "named entity colon": "[click](javascript&colon;alert(1))",
    "percent scheme": "[click](javascript%3Aalert(1))",
    "reference link js": "[click][x]\n\n[x]: javascript:alert(1)",
    "reference link data": "[click][x]\n\n[x]: data:text/html,<script>alert(1)</script>",
    "autolink js": "<javascript:alert(1)>",
    "autolink data": "<data:text/html,alert(1)>",
    "linkify js": "javascript:alert(1)",
    "image js": "![x](javascript:alert(1))",
    "image remote": "![tracking pixel](https://evil.example/pixel.png)",
    "image data": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "link title quote": '[x](https://example.org "a\\" onmouseover=\\"alert(1)")',
    "link with html in text": "[<img src=x onerror=alert(1)>](https://example.org)",
    "raw a tag": '<a href="javascript:alert(1)">x</a>',
    "raw a target": '<a href="https://example.org" target="_blank" rel="opener">x</a>',
    "nested markup": "**<b onclick=alert(1)>bold</b>**",
    "css expression": '<div style="width: expression(alert(1))">x</div>',
    "code block html": "```\n<script>alert(1)</script>\n```",
    "inline code html": "`<script>alert(1)</script>`",
    "table with html": "|a|b|\n|-|-|\n|<script>x</script>|<img src=x onerror=alert(1)>|",
    "heading injection": "# <script>alert(1)</script>",
    "rtl override": "file\u202egnp.exe",
    "nul bytes": "a\x00b<scr\x00ipt>alert(1)</script>",
    "control characters": "a\x07\x1b[31mred\x7f\x85",
    "zero width": "java\u200bscript:alert(1)",
    "fullwidth": "[x](ｊａｖａｓｃｒｉｐｔ:alert(1))",
    "odd unicode": "Z\u0351\u0352\u0353\u0354 e\u0301 \U0001f9d1\u200d\U0001f9af \ufeff",
    "lone surrogate-ish": "\udcff text",
    "mention in link": "[@someone](javascript:alert(1))",
    "brackets": "[" * 50_000,
    "nested quotes": ">" * 10_000,
    "nested quote lines": "\n".join(">" * n + " deep" for n in range(1, 500)),
    "backticks": "`" * 20_000,
    "emphasis": "*a" * 10_000,
    "nested lists": "\n".join("  " * n + "- x" for n in range(300)),
    "link openers": "[a](" * 5_000,
}

SAFE_SCHEMES = {"http", "https", "mailto", ""}


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        allowed = set(ALLOWED_ATTRIBUTES.get(tag, []))
        for name, value in attrs:
            if name not in allowed:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "href":
                scheme = urlparse((value or "").strip()).scheme.lower()
                if scheme not in SAFE_SCHEMES:
                    self.problems.append(f"href scheme {scheme!r}")
            if name == "rel" and value != LINK_REL:
                self.problems.append(f"rel {value!r}")
        if tag == "a" and ("rel", LINK_REL) not in attrs:
            self.problems.append("link without rel")

    handle_startendtag = handle_starttag


def inert_problems(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


@pytest.mark.parametrize("source", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markdown_renders_inert(source):
    html = render_markdown(source)
    assert inert_problems(html) == []
    assert "<script" not in html.lower()


@pytest.mark.parametrize("source", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_html_through_the_sanitiser_alone_is_inert(source):
    assert inert_problems(sanitize_html(source)) == []


def test_raw_html_is_shown_as_text_not_markup():
    assert render_markdown("<b>hi</b>") == "<p>&lt;b&gt;hi&lt;/b&gt;</p>\n"


def test_allowed_markdown_survives():
    html = render_markdown(
        "# Title\n\n*em* **strong** ~~gone~~ `code`\n\n> quoted\n\n1. one\n2. two\n\n"
        "|a|b|\n|-|-|\n|1|2|\n\n---\n\nhttps://example.org"
    )
    for fragment in (
        "<h3>Title</h3>",
        "<em>em</em>",
        "<strong>strong</strong>",
        "<s>gone</s>",
        "<code>code</code>",
        "<blockquote>",
        "<ol>",
        "<table>",
        "<hr>",
        '<a href="https://example.org" rel="nofollow ugc noopener">',
    ):
        assert fragment in html


def test_images_become_links_and_never_load():
    html = render_markdown("![a photo](https://example.org/p.png)")
    assert "<img" not in html
    assert (
        '<a href="https://example.org/p.png" rel="nofollow ugc noopener">a photo</a>'
        in html
    )


def test_deep_quotes_keep_their_words():
    html = render_markdown(">" * 10_000 + " still here\n\nafter")
    assert "still here" in html and "<p>after</p>" in html
    assert html.count("<blockquote>") <= 8


def test_a_list_nested_fifteen_deep_keeps_every_item():
    body = "\n".join("  " * n + f"- item{n}" for n in range(15)) + "\n- back"
    html = render_markdown(body)
    for n in range(15):
        assert f"item{n}" in html
    assert "<li>back</li>" in html


def test_fifteen_list_markers_on_one_line_keep_the_words():
    assert "deep words" in render_markdown("- " * 15 + "deep words")


def test_mixed_quote_and_list_nesting_keeps_the_words():
    html = render_markdown("> - " * 15 + "mixed words\n\nafter")
    assert "mixed words" in html and "<p>after</p>" in html
    html = render_markdown("\n".join("- > " * n + f"line{n}" for n in range(1, 30)))
    for n in range(1, 30):
        assert f"line{n}" in html


def test_fifty_thousand_brackets_render_as_text():
    html = render_markdown("[" * 50_000)
    assert html.count("[") == 50_000


def test_bidi_overrides_are_removed_from_bodies_and_all_bidi_from_titles():
    assert normalise_text("file\u202egnp.exe") == "filegnp.exe"
    assert normalise_line("\u2067title\u2069 \u200fx") == "title x"


def test_control_characters_and_nul_are_removed_but_newlines_kept():
    assert normalise_text("a\x00b\r\nc\td\x1b") == "ab\nc\td"


def test_text_is_nfc_normalised():
    assert normalise_text("e\u0301") == "\u00e9"


def test_body_over_the_limit_is_refused_with_a_clear_error():
    with pytest.raises(ValidationError, match="at most 20,000 characters"):
        clean_body("x" * 20_001)
    assert len(clean_body("x" * 20_000)) == 20_000


def test_blank_after_normalising_is_refused():
    with pytest.raises(ValidationError):
        clean_body("\x00\x01 \u202e\n")
    with pytest.raises(ValidationError):
        clean_title("\u202e\u2066 ")


def test_mentions_link_only_known_names_outside_code_and_links():
    html = render_markdown(
        "@anna, `@anna`, [x @anna](https://example.org), a@anna.org, @anna.",
        mentions={"anna"},
    )
    assert html.count('href="/u/anna/"') == 2
    assert "<code>@anna</code>" in html


def test_mention_names_are_url_quoted():
    html = render_markdown("@ana+b and @Đorđe", mentions={"ana+b", "Đorđe"})
    assert 'href="/u/ana%2Bb/"' in html
    assert 'href="/u/%C4%90or%C4%91e/"' in html
