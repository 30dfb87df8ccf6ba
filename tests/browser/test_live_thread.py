import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection
from playwright.sync_api import expect

from forum.models import Post, Thread
from forum.services.posts import post_create
from moderation.models import Case
from moderation.services.flags import flag_create
from tests.factories import PostFactory, ThreadFactory, UserFactory
from tests.live.clients import Member, session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.live]

SERVER_ENV = {"FIRST_POSTS_NEEDING_APPROVAL": "0"}
EARLIER_POSTS = 15


def signed_in_page(new_page, server, user):
    page = new_page()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_cookie(user),
                "url": server.url,
            }
        ]
    )
    return page


def in_own_connection(function):
    """`function` for another thread: its database connection is closed after, so the
    test database can be dropped at the end of the session."""

    def run(**kwargs):
        try:
            return function(**kwargs)
        finally:
            connection.close()

    return run


def reply_through_the_form(page, server, thread, body):
    page.goto(server.url + thread.get_absolute_url())
    page.locator(".reply-form textarea[name=body]").fill(body)
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_url("**#post-*")


def test_replies_appear_live_and_survive_a_server_restart(daphne_servers, new_page):
    server = daphne_servers.start(env=SERVER_ENV)
    thread = ThreadFactory()
    for number in range(2, EARLIER_POSTS + 2):
        PostFactory(thread=thread, number=number, body=f"Earlier reply {number}")
    Thread.objects.filter(pk=thread.pk).update(
        post_count=EARLIER_POSTS + 1, last_post_number=EARLIER_POSTS + 1
    )
    writer = signed_in_page(new_page, server, UserFactory(username="writer"))
    reader = signed_in_page(new_page, server, UserFactory(username="reader"))

    reader.goto(server.url + thread.get_absolute_url())
    reader.evaluate("window.notReloaded = true")
    expect(reader.locator(".live-presence")).to_contain_text("reading")
    posts = reader.locator("#posts > li.post")
    expect(posts).to_have_count(EARLIER_POSTS + 1)

    # The reader is at the bottom of the thread: the reply shows up where they read.
    reader.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    reply_through_the_form(writer, server, thread, "First live reply")
    first = Post.objects.get(thread=thread, body="First live reply")
    expect(reader.locator(f"#post-{first.pk} .prose")).to_have_text("First live reply")
    expect(reader.locator("#live-status")).to_have_text("1 new reply")
    # Controls come from the reader's own data attributes: a reader may report it.
    expect(reader.locator(f"#post-{first.pk} .post-actions")).to_contain_text("Report")
    expect(reader.locator(f"#post-{first.pk} .post-actions")).not_to_contain_text(
        "Edit"
    )

    # The reader reacts to the live reply without a reload, and the count appears on
    # the writer's page without one either; taking it back removes it there.
    writer.evaluate("window.notReloaded = true")
    support = reader.locator(f"#post-{first.pk} form.reaction-form button").first
    support.click()
    expect(support).to_have_attribute("aria-pressed", "true")
    expect(support.locator(".reaction-count")).to_have_text("1")
    writer_count = writer.locator(f"#post-{first.pk} .reaction-static")
    expect(writer_count).to_have_text("❤ Support 1")
    support.click()
    expect(support).to_have_attribute("aria-pressed", "false")
    expect(writer_count).to_have_count(0)
    assert writer.evaluate("window.notReloaded") is True

    # Scrolled up: the page stays put and offers a button instead.
    reader.evaluate("window.scrollTo(0, 0)")
    reply_through_the_form(writer, server, thread, "Second live reply")
    button = reader.get_by_role("button", name="1 new reply")
    expect(button).to_be_visible()
    assert reader.evaluate("window.scrollY") == 0
    button.click()
    second = Post.objects.get(thread=thread, body="Second live reply")
    expect(reader.locator(f"#post-{second.pk}")).to_be_in_viewport()
    expect(button).to_be_hidden()

    # The server restarts on the same port; the page reconnects by itself.
    port = server.port
    server.stop()
    expect(reader.locator(".live-presence")).to_have_text("")
    server = daphne_servers.start(env=SERVER_ENV, port=port)
    expect(reader.locator(".live-presence")).to_contain_text("reading", timeout=20_000)
    reply_through_the_form(writer, server, thread, "Reply after the restart")
    third = Post.objects.get(thread=thread, body="Reply after the restart")
    expect(reader.locator(f"#post-{third.pk} .prose")).to_have_text(
        "Reply after the restart"
    )
    expect(posts).to_have_count(EARLIER_POSTS + 4)
    assert reader.evaluate("window.notReloaded") is True


def test_a_thread_page_dropped_by_the_server_catches_up_with_after(
    daphne_servers, new_page, settings
):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    server = daphne_servers.start(env=SERVER_ENV)
    thread = ThreadFactory()
    writer = UserFactory(username="writer")
    reader = new_page()
    socket_urls = []
    reader.on("websocket", lambda socket: socket_urls.append(socket.url))
    script_urls = []
    reader.on("request", lambda request: script_urls.append(request.url))
    reader.goto(server.url + thread.get_absolute_url())
    reader.evaluate("window.notReloaded = true")
    expect(reader.locator(".live-presence")).to_contain_text("reading")
    rendered_seq = reader.locator("#posts").get_attribute("data-last-seq")
    status, _ = Member(writer).reply(server, thread.pk, "Before the drop")
    assert status == 302, server.log()[-3000:]
    before = Post.objects.get(thread=thread, body="Before the drop")
    expect(reader.locator(f"#post-{before.pk} .prose")).to_have_text("Before the drop")
    last_seq = Thread.objects.get(pk=thread.pk).last_event_seq
    expect(reader.locator("#posts")).to_have_attribute("data-last-seq", str(last_seq))

    port = server.port
    server.stop()
    expect(reader.locator(".live-presence")).to_have_text("")
    # Written while the page has no socket: only a replay after its last seq brings it.
    with ThreadPoolExecutor(1) as pool:
        missed = pool.submit(
            in_own_connection(post_create),
            thread=thread,
            by=writer,
            body="While the page was offline",
        ).result()
    server = daphne_servers.start(env=SERVER_ENV, port=port)

    expect(reader.locator(f"#post-{missed.pk} .prose")).to_have_text(
        "While the page was offline", timeout=30_000
    )
    expect(reader.locator("#posts > li.post")).to_have_count(3)
    assert socket_urls[0].endswith(f"/ws/t/{thread.pk}/?after={rendered_seq}")
    assert socket_urls[-1].endswith(f"/ws/t/{thread.pk}/?after={last_seq}")
    assert reader.evaluate("window.notReloaded") is True
    # The module is imported by its hashed name, as every other static file.
    assert any(
        re.search(r"/js/live-socket\.[0-9a-f]{12}\.js$", url) for url in script_urls
    )


def test_the_live_socket_backs_off_with_full_jitter(live_site, new_page):
    page = new_page()
    page.goto(live_site.url + "/")
    # From 0 (random() = 0) to min(30 s, 0.5 s * 2^attempt) (random() just below 1).
    delays = page.evaluate(
        """async (url) => {
          const { backoffDelay } = await import(url);
          return [0, 1, 2, 5, 6, 20].map((attempt) => [
            backoffDelay(attempt, () => 0), Math.round(backoffDelay(attempt, () => 0.999999)),
          ]);
        }""",
        live_site.url + "/static/js/live-socket.js",
    )
    assert [low for low, _ in delays] == [0] * 6
    assert [high for _, high in delays] == [500, 1000, 2000, 16000, 30000, 30000]


def test_a_mention_updates_the_unread_count_without_a_reload(daphne_servers, new_page):
    server = daphne_servers.start(env=SERVER_ENV)
    thread = ThreadFactory()
    writer = signed_in_page(new_page, server, UserFactory(username="writer"))
    reader = signed_in_page(new_page, server, UserFactory(username="reader"))
    reader.goto(server.url + "/")
    reader.evaluate("window.notReloaded = true")
    expect(reader.locator("#unread-count")).to_be_hidden()

    reply_through_the_form(writer, server, thread, "Thank you @reader")

    expect(reader.locator("[data-unread-count]")).to_have_text("1")
    expect(reader.locator("#unread-count")).to_be_visible()
    assert reader.evaluate("window.notReloaded") is True


# The post as markup, minus what differs between two renders of the same post: the
# arrival highlight, the per-render CSRF mask and whitespace between tags.
POST_MARKUP = """(id) => {
  const post = document.getElementById(id).cloneNode(true);
  post.classList.remove("post-live");
  post.querySelectorAll("input[name=csrfmiddlewaretoken]")
    .forEach((input) => input.removeAttribute("value"));
  return post.outerHTML.replace(/>\\s+</g, "><").replace(/\\s+/g, " ");
}"""


def test_a_live_reply_has_the_markup_and_controls_of_a_reload(daphne_servers, new_page):
    server = daphne_servers.start(env=SERVER_ENV)
    thread = ThreadFactory()
    writer_user = UserFactory(username="writer")
    viewers = {
        "reader": signed_in_page(new_page, server, UserFactory(username="reader")),
        "moderator": signed_in_page(
            new_page, server, UserFactory(username="mod", is_moderator=True)
        ),
        "writer's other tab": signed_in_page(new_page, server, writer_user),
        "anonymous reader": new_page(),
    }
    for page in viewers.values():
        page.goto(server.url + thread.get_absolute_url())
        expect(page.locator(".live-presence")).to_contain_text("reading")

    writer = signed_in_page(new_page, server, writer_user)
    reply_through_the_form(writer, server, thread, "Live *reply*")
    post = Post.objects.get(thread=thread, number=2)

    for name, page in viewers.items():
        expect(page.locator(f"#post-{post.pk}.post-live")).to_be_attached()
        live = page.evaluate(POST_MARKUP, f"post-{post.pk}")
        page.reload()
        expect(page.locator(f"#post-{post.pk}")).to_be_attached()
        assert page.evaluate(POST_MARKUP, f"post-{post.pk}") == live, name
    assert (
        viewers["reader"].locator(f"#post-{post.pk} form.reaction-form button").count()
        == 3
    )

    # An edit arriving live adds the edited mark and, for the author and moderators,
    # the history link, as a reload shows them.
    writer.goto(f"{server.url}/p/{post.pk}/edit/")
    writer.locator("textarea[name=body]").fill("Live *reply*, edited")
    writer.get_by_role("button", name="Save").click()
    writer.wait_for_url("**#post-*")
    for name, page in viewers.items():
        expect(page.locator(f"#post-{post.pk} .prose")).to_have_text(
            "Live reply, edited"
        )
        live = page.evaluate(POST_MARKUP, f"post-{post.pk}")
        page.reload()
        expect(page.locator(f"#post-{post.pk}")).to_be_attached()
        assert page.evaluate(POST_MARKUP, f"post-{post.pk}") == live, name
    assert viewers["moderator"].locator(f"#post-{post.pk} .post-history").count() == 1


def test_a_first_post_restored_live_keeps_the_threads_content_warning(
    daphne_servers, new_page
):
    server = daphne_servers.start(env=SERVER_ENV)
    author = UserFactory(
        username="author", content_warning_preferences={"trauma": "show"}
    )
    thread = ThreadFactory(author=author, content_warning="trauma")
    post = Post.objects.get(thread=thread, number=1)
    PostFactory(thread=thread, number=2, body="A reply.")
    Thread.objects.filter(pk=thread.pk).update(post_count=2, last_post_number=2)
    moderator = UserFactory(username="mod", is_moderator=True)
    # Opened before the pages (and their event loop): its wake-ups do not matter here.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(
            in_own_connection(flag_create),
            post=post,
            by=UserFactory(),
            reason="other",
            note="Check.",
        ).result()
    case = Case.objects.get(post=post)
    viewers = {
        "author": signed_in_page(new_page, server, author),
        "moderator": signed_in_page(new_page, server, moderator),
        "anonymous reader": new_page(),
    }
    for page in viewers.values():
        page.goto(server.url + thread.get_absolute_url())
        expect(page.locator(f"#post-{post.pk} details.content-warning")).to_have_count(
            1
        )
        expect(page.locator(".live-presence")).to_contain_text("reading")

    acting = Member(moderator)
    act_url = f"{server.url}/moderation/cases/{case.pk}/act/"
    status, _ = acting.post(
        act_url, {"action": "hide", "guideline": "none", "reason": "Checking it."}
    )
    assert status == 302, server.log()[-3000:]
    expect(viewers["anonymous reader"].locator(f"#post-{post.pk}")).to_have_count(0)
    expect(viewers["moderator"].locator(f"#post-{post.pk}.post-hidden")).to_have_count(
        1
    )
    status, _ = acting.post(
        act_url, {"action": "restore", "guideline": "none", "reason": "It is fine."}
    )
    assert status == 302, server.log()[-3000:]

    for name, page in viewers.items():
        expect(page.locator(f"#post-{post.pk}.post-live")).to_be_attached()
        warning = page.locator(f"#post-{post.pk} details.content-warning")
        expect(warning).to_have_count(1)
        expect(warning.locator(".prose")).to_have_text("First post.")
        live = page.evaluate(POST_MARKUP, f"post-{post.pk}")
        page.reload()
        expect(page.locator(f"#post-{post.pk}")).to_be_attached()
        assert page.evaluate(POST_MARKUP, f"post-{post.pk}") == live, name
    # The author chose to see trauma warnings open; the others see them closed.
    expect(viewers["author"].locator("details.content-warning")).to_have_attribute(
        "open", ""
    )
    expect(
        viewers["anonymous reader"].locator("details.content-warning")
    ).not_to_have_attribute("open", "")
