"""Every forum form and URL answers hostile input with a clean page or a clear error."""

from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest

from forum.models import Post, Thread
from tests.core.test_text import HOSTILE, SAFE_SCHEMES, inert_problems

pytestmark = pytest.mark.django_db

PAYLOADS = {
    **{name: HOSTILE[name] for name in (
        "script tag", "event handler", "svg", "inline link js", "entity scheme",
        "rtl override", "nul bytes", "control characters", "odd unicode",
        "brackets", "nested quotes",
    )},
    "huge": "x" * 1_000_000,
    "only nul": "\x00\x00",
    "nul in tag list": "work,\x00,<script>",
    "very long line": "é" * 30_000,
}  # fmt: skip
# Elements no forum page has of its own: one in a page came from what someone typed.
FOREIGN_TAGS = {"svg", "math", "iframe", "object", "embed", "img", "base", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href"}


class _PageInspector(HTMLParser):
    """The page-wide part of test_text's check: the page has its own forms and
    scripts, so instead of an allowlist it looks for what only an injection brings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag in FOREIGN_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in URL_ATTRIBUTES:
                scheme = urlparse((value or "").strip()).scheme.lower()
                if scheme not in SAFE_SCHEMES:
                    self.problems.append(f"{name} scheme {scheme!r} on <{tag}>")
        if tag == "script":
            src = dict(attrs).get("src") or ""
            if not src.startswith("/") or src.startswith("//"):
                self.problems.append(f"script from {src!r}")
            self._in_script = True

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append("inline script")


def page_problems(html: str) -> list[str]:
    inspector = _PageInspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def assert_safe(response):
    assert response.status_code < 500
    assert page_problems(response.content.decode()) == []
    # The only HTML a member's text becomes, held to test_text's allowlist.
    for html in Post.objects.values_list("body_html", flat=True):
        assert inert_problems(html) == []


def test_the_check_finds_the_payloads_it_guards_against():
    for name in ("script tag", "event handler", "svg", "raw a tag", "iframe"):
        assert page_problems(HOSTILE[name]), name
    assert page_problems('<a href="&#106;avascript:alert(1)">x</a>')
    assert page_problems('<p><img src=x onerror="alert(1)"></p>')


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_new_thread_form(client, member, category, payload):
    client.force_login(member)
    response = client.post(
        "/c/general/new/",
        {
            "title": payload,
            "body": payload,
            "tags": payload,
            "mode": payload,
            "content_warning": payload,
            "idempotency_key": payload,
        },
    )
    assert_safe(response)
    assert response.status_code == 400
    response = client.post(
        "/c/general/new/",
        {"title": payload[:300], "body": payload[:20_000], "mode": "open"},
    )
    assert_safe(response)
    if response.status_code == 302:
        assert_safe(client.get(response["Location"], {"page": "1"}))
        assert_safe(client.get("/c/general/"))
    for thread in Thread.objects.all():
        assert "\x00" not in thread.title


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_reply_form(client, member, make_thread, payload):
    thread = make_thread()
    client.force_login(member)
    response = client.post(
        f"/t/{thread.pk}/reply/", {"body": payload, "idempotency_key": payload}
    )
    assert_safe(response)
    if response.status_code == 302:
        assert_safe(client.get(response["Location"]))
    for post in Post.objects.all():
        assert "\x00" not in post.body


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_edit_form(client, member, make_thread, payload):
    post = make_thread(author=member).posts.get()
    client.force_login(member)
    for version in ("1", payload, "-1", "99999999999999999999"):
        response = client.post(
            f"/p/{post.pk}/edit/", {"body": payload, "version": version}
        )
        assert_safe(response)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_reaction_and_moderation_forms(client, moderator, make_thread, payload):
    thread = make_thread()
    post = thread.posts.get()
    client.force_login(moderator)
    assert_safe(client.post(f"/p/{post.pk}/react/", {"kind": payload}))
    response = client.post(
        f"/t/{thread.pk}/moderate/",
        {"action": payload, "reason": payload, "category": payload},
    )
    assert_safe(response)
    response = client.post(
        f"/t/{thread.pk}/moderate/", {"action": "lock", "reason": payload[:500]}
    )
    assert_safe(response)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_query_parameters_and_urls(client, member, make_thread, payload):
    thread = make_thread()
    client.force_login(member)
    short = payload[:2000]
    for params in (
        {"page": short},
        {"quote": short},
        {"page": "-5"},
        {"page": "10**9"},
    ):
        assert_safe(client.get(thread.get_absolute_url(), params))
        assert_safe(client.get("/c/general/", params))
    assert_safe(client.get("/tags/" + short.replace("/", "") + "/"))
    assert_safe(client.get("/c/" + short.replace("/", "") + "/"))


def test_ids_past_the_integer_range_are_404(client, member, make_thread):
    huge = "9" * 30
    client.force_login(member)
    for url in (
        f"/p/{huge}/",
        f"/p/{huge}/edit/",
        f"/p/{huge}/history/",
        f"/p/{huge}/quote/",
        f"/t/{huge}/",
        f"/t/{huge}/slug/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/t/{huge}/reply/", {"body": "x"}).status_code == 404
    thread = make_thread()
    page = client.get(f"{thread.get_absolute_url()}?quote={huge}")
    assert page.status_code == 200
