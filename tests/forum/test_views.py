import re

import pytest

from forum.models import Post, Thread
from forum.services import post_create, post_edit, thread_create
from tests.forum.conftest import add_replies

pytestmark = pytest.mark.django_db


def test_start_a_thread_redirects_to_it(client, member, category):
    client.force_login(member)
    response = client.post(
        "/c/general/new/",
        {
            "title": "First week out",
            "body": "It is **strange**.",
            "tags": "Housing, leaving-treatment",
            "mode": "open",
            "content_warning": "",
            "idempotency_key": "abc123",
        },
    )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/t/{thread.pk}/first-week-out/"
    assert sorted(thread.tags.names()) == ["housing", "leaving-treatment"]


def test_thread_form_with_six_tags_keeps_everything_typed(client, member, category):
    client.force_login(member)
    response = client.post(
        "/c/general/new/",
        {
            "title": "My title",
            "body": "My long story",
            "tags": "a,b,c,d,e,f",
            "mode": "open",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "My title" in page and "My long story" in page and "a,b,c,d,e,f" in page
    assert "at most 5 tags" in page
    assert not Thread.objects.exists()


def test_anonymous_visitor_is_sent_to_login_from_new_thread(client, category):
    response = client.get("/c/general/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/c/general/new/")


def test_reply_redirects_to_the_post_on_its_page(client, member, make_thread):
    thread = add_replies(make_thread(), 25)
    client.force_login(member)
    response = client.post(
        f"/t/{thread.pk}/reply/", {"body": "Me too.", "idempotency_key": "r1"}
    )
    post = Post.objects.get(body="Me too.")
    assert post.number == 27
    assert response["Location"] == f"{thread.get_absolute_url()}?page=2#post-{post.pk}"


def test_double_submitted_reply_form_makes_one_post(client, member, make_thread):
    thread = make_thread()
    client.force_login(member)
    data = {"body": "Only once please.", "idempotency_key": "same-key"}
    first = client.post(f"/t/{thread.pk}/reply/", data)
    second = client.post(f"/t/{thread.pk}/reply/", data)
    post = Post.objects.get(body="Only once please.")
    # SPEC §4 names the page even when it is the first.
    expected = f"{thread.get_absolute_url()}?page=1#post-{post.pk}"
    assert first["Location"] == second["Location"] == expected


def test_reply_that_is_too_long_comes_back_with_the_text(client, member, make_thread):
    thread = make_thread()
    client.force_login(member)
    body = "word " * 5000
    response = client.post(f"/t/{thread.pk}/reply/", {"body": body})
    assert response.status_code == 400
    assert "at most 20,000 characters" in response.content.decode()
    assert body.strip()[:200] in response.content.decode()


def test_rate_limited_reply_keeps_the_text(settings, client, member, make_thread):
    settings.FORUM_REPLIES_PER_MINUTE = 1
    thread = make_thread()
    client.force_login(member)
    client.post(f"/t/{thread.pk}/reply/", {"body": "first"})
    response = client.post(f"/t/{thread.pk}/reply/", {"body": "second thoughts"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "second thoughts" in page and "1 reply a minute" in page


def test_anonymous_reply_is_refused(client, make_thread):
    thread = make_thread()
    response = client.post(f"/t/{thread.pk}/reply/", {"body": "hi"})
    assert response.status_code == 403
    assert thread.posts.count() == 1


def test_a_reply_to_a_thread_the_member_may_not_see_is_not_found(
    client, member, other_member, make_thread
):
    client.force_login(member)
    waiting = make_thread(author=other_member)
    Thread.objects.filter(pk=waiting.pk).update(post_count=0)  # not yet approved
    for pk in (waiting.pk, waiting.pk + 1000):
        response = client.post(f"/t/{pk}/reply/", {"body": "Hello?"})
        assert response.status_code == 404
        # The same for a form that would be refused anyway: nothing of the page shows.
        assert client.post(f"/t/{pk}/reply/", {"body": ""}).status_code == 404
    assert waiting.posts.count() == 1


def test_a_form_sent_again_after_the_thread_left_sight_is_not_found(
    client, member, other_member, make_thread
):
    client.force_login(member)
    thread = make_thread(author=other_member)
    form = {"body": "Hello.", "idempotency_key": "sent-twice"}
    assert client.post(f"/t/{thread.pk}/reply/", form).status_code == 302
    Thread.objects.filter(pk=thread.pk).update(post_count=0)  # back in the queue
    response = client.post(f"/t/{thread.pk}/reply/", form)
    assert response.status_code == 404
    assert "Location" not in response


def test_locked_thread_shows_why_there_is_no_reply_form(client, member, make_thread):
    thread = make_thread(is_locked=True)
    client.force_login(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "This thread is locked" in page
    assert 'class="reply-form"' not in page
    assert 'data-accepts-replies="0"' in page


def test_thread_page_has_the_live_hooks(client, member, make_thread):
    thread = make_thread()
    client.force_login(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    post = thread.posts.get()
    assert re.search(
        rf'<ol id="posts" class="posts" data-thread-id="{thread.pk}" '
        rf'data-last-seq="{thread.last_event_seq}" data-viewer="member_one" '
        r'data-can-moderate="0" data-accepts-replies="1"',
        page,
    )
    assert (
        f'<li id="post-{post.pk}" class="post" data-post-id="{post.pk}" data-number="1"'
        in page
    )
    assert '<div id="live-status" class="live-status" aria-live="polite">' in page
    assert '<script type="module" src="/static/js/thread-live.js">' in page
    assert '<script type="module" src="/static/js/thread.js">' in page


def test_thread_without_slug_redirects(client, make_thread):
    thread = make_thread()
    response = client.get(f"/t/{thread.pk}/")
    assert response["Location"] == thread.get_absolute_url()
    response = client.get(f"/t/{thread.pk}/wrong-slug/?page=1")
    assert response["Location"] == thread.get_absolute_url() + "?page=1"


def test_permalink_redirects_into_the_right_page(client, make_thread):
    thread = add_replies(make_thread(), 45)
    post = thread.posts.get(number=41)
    response = client.get(f"/p/{post.pk}/")
    assert response["Location"] == f"{thread.get_absolute_url()}?page=3#post-{post.pk}"


def test_pages_hold_posts_by_number(client, make_thread):
    thread = add_replies(make_thread(), 45)
    page = client.get(thread.get_absolute_url() + "?page=2").content.decode()
    # The list only: the live script's prototype posts follow it.
    listed = page.split('id="posts"', 1)[1].split("</ol>", 1)[0]
    numbers = [int(n) for n in re.findall(r'data-number="(\d+)"', listed)]
    assert numbers == list(range(21, 41))
    assert 'aria-current="page">2<' in page


def test_opening_a_thread_jumps_to_the_first_unread_post(client, member, make_thread):
    thread = add_replies(make_thread(), 10)
    client.force_login(member)
    client.get(thread.get_absolute_url())
    add_replies(thread, 20)
    response = client.get(thread.get_absolute_url())
    first_unread = thread.posts.get(number=12)
    assert (
        response["Location"]
        == f"{thread.get_absolute_url()}?page=1#post-{first_unread.pk}"
    )
    # Following the jump shows the page (no second jump).
    assert client.get(response["Location"]).status_code == 200


def test_fully_read_thread_opens_at_the_last_post_read(client, member, make_thread):
    thread = add_replies(make_thread(), 30)
    client.force_login(member)
    client.get(thread.get_absolute_url() + "?page=2")
    response = client.get(thread.get_absolute_url())
    last = thread.posts.get(number=31)
    assert response["Location"] == f"{thread.get_absolute_url()}?page=2#post-{last.pk}"
    assert client.get(response["Location"]).status_code == 200


def test_own_reply_does_not_count_as_unread(client, member, make_thread):
    thread = make_thread()
    client.force_login(member)
    client.get(thread.get_absolute_url())
    client.post(f"/t/{thread.pk}/reply/", {"body": "mine"})
    # Nothing unread, and the last post read is on page 1: the page itself, no jump.
    assert client.get(thread.get_absolute_url()).status_code == 200


def test_category_shows_unread_counts(client, member, make_thread):
    thread = add_replies(make_thread(), 3)
    client.force_login(member)
    assert "New" in client.get("/c/general/").content.decode()
    client.get(thread.get_absolute_url())
    add_replies(thread, 2)
    page = client.get("/c/general/").content.decode()
    assert "2 unread" in page


def test_quote_link_prefills_a_blockquote_without_javascript(
    client, member, other_member, make_thread
):
    thread = make_thread(author=other_member, first_post="Line one\nLine two")
    post = thread.posts.get()
    client.force_login(member)
    page = client.get(f"{thread.get_absolute_url()}?quote={post.pk}").content.decode()
    expected = f"&gt; [member_two wrote (#1):](/p/{post.pk}/)\n&gt;\n&gt; Line one\n&gt; Line two"
    assert expected in page
    quote = client.get(f"/p/{post.pk}/quote/")
    assert quote.content.decode().startswith(
        f"> [member_two wrote (#1):](/p/{post.pk}/)"
    )


def test_content_warning_collapses_unless_the_member_chose_show(
    client, member, other_member, category
):
    thread = thread_create(
        category=category,
        by=other_member,
        title="A hard night",
        body="What happened",
        content_warning="overdose",
    )
    page = client.get(thread.get_absolute_url()).content.decode()
    assert '<details class="content-warning">' in page
    assert "Content warning: Overdose. Open to read." in page
    member.content_warning_preferences = {"overdose": "show"}
    member.save()
    client.force_login(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert '<details class="content-warning" open>' in page


def test_reaction_without_javascript_redirects_back(client, member, make_thread):
    post = make_thread().posts.get()
    client.force_login(member)
    response = client.post(f"/p/{post.pk}/react/", {"kind": "support"})
    assert response["Location"].endswith(f"#post-{post.pk}")
    post.refresh_from_db()
    assert post.reaction_counts == {"support": 1}


def test_reaction_from_the_script_returns_the_partial(client, member, make_thread):
    post = make_thread().posts.get()
    client.force_login(member)
    response = client.post(
        f"/p/{post.pk}/react/", {"kind": "me_too"}, headers={"X-Partial": "1"}
    )
    page = response.content.decode()
    assert page.startswith(
        f'<form method="post" action="/p/{post.pk}/react/" class="reactions reaction-form"'
        f' id="reactions-{post.pk}"'
    )
    assert 'aria-pressed="true"' in page


def test_a_post_has_one_reaction_form_whose_buttons_name_the_kind(
    client, member, make_thread
):
    """Without JavaScript the pressed button sends its own kind: one form (and one
    token) per post, not one per reaction."""
    post = make_thread().posts.get()
    client.force_login(member)
    html = client.get(post.thread.get_absolute_url() + "?page=1").content.decode()
    start = html.index(f'<li id="post-{post.pk}"')
    markup = html[start : html.index("</li>", start)]
    assert markup.count("<form") == 1
    assert markup.count('name="csrfmiddlewaretoken"') == 1
    kinds = re.findall(r'<button type="submit" name="kind" value="([a-z_]+)"', markup)
    assert sorted(kinds) == sorted(["support", "me_too", "thanks"])
    response = client.post(f"/p/{post.pk}/react/", {"kind": kinds[0]})
    assert response.status_code == 302
    assert post.reactions.filter(user=member, kind=kinds[0]).exists()


def test_an_unknown_reaction_from_the_script_is_a_400_with_the_message(
    client, member, make_thread
):
    post = make_thread().posts.get()
    client.force_login(member)
    response = client.post(
        f"/p/{post.pk}/react/", {"kind": "shrug"}, headers={"X-Partial": "1"}
    )
    assert response.status_code == 400
    assert "That reaction does not exist." in response.content.decode()


def test_the_htmx_header_alone_gets_the_plain_redirect(client, member, make_thread):
    # No page loads htmx (docs/decisions.md): only thread.js's own header asks for
    # the partial.
    post = make_thread().posts.get()
    client.force_login(member)
    response = client.post(
        f"/p/{post.pk}/react/", {"kind": "support"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#post-{post.pk}")


def test_edit_conflict_keeps_the_editors_text(client, member, make_thread):
    post = make_thread(author=member).posts.get()
    client.force_login(member)
    post_edit(post=post, by=member, body="Edited on my phone", expected_version=1)
    response = client.post(
        f"/p/{post.pk}/edit/", {"body": "Edited on my laptop", "version": "1"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Edited on my laptop" in page
    assert "Edited on my phone" in page
    assert 'name="version" value="2"' in page
    response = client.post(
        f"/p/{post.pk}/edit/", {"body": "Edited on my laptop", "version": "2"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.body, post.version) == ("Edited on my laptop", 3)


def test_history_lists_earlier_versions_for_the_author(
    client, member, other_member, make_thread
):
    post = make_thread(author=member).posts.get()
    post_edit(post=post, by=member, body="Second version", expected_version=1)
    client.force_login(member)
    page = client.get(f"/p/{post.pk}/history/").content.decode()
    assert "First post." in page and "Second version" in page
    client.force_login(other_member)
    assert client.get(f"/p/{post.pk}/history/").status_code == 403


def test_member_cannot_open_the_edit_form_of_another_post(
    client, member, other_member, make_thread
):
    post = make_thread(author=member).posts.get()
    client.force_login(other_member)
    assert client.get(f"/p/{post.pk}/edit/").status_code == 403
    response = client.post(f"/p/{post.pk}/edit/", {"body": "x", "version": "1"})
    assert response.status_code == 403


def test_moderator_locks_a_thread_from_its_page(client, moderator, member, make_thread):
    thread = make_thread()
    client.force_login(member)
    assert (
        client.post(f"/t/{thread.pk}/moderate/", {"action": "lock"}).status_code == 403
    )
    client.force_login(moderator)
    response = client.post(
        f"/t/{thread.pk}/moderate/", {"action": "lock", "reason": "cooling off"}
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.is_locked


def test_too_long_moderation_reason_is_shown_again_with_the_error(
    client, moderator, make_thread
):
    thread = make_thread()
    reason = "Personal details of another member were posted here. " * 10
    client.force_login(moderator)
    response = client.post(
        f"/t/{thread.pk}/moderate/", {"action": "lock", "reason": reason}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ensure this value has at most 500 characters" in page
    assert reason.strip() in page
    assert "Choose an action." not in page
    thread.refresh_from_db()
    assert not thread.is_locked


def test_pending_reply_is_shown_to_its_author_only(
    settings, client, member, make_thread
):
    thread = make_thread()
    settings.FIRST_POSTS_NEEDING_APPROVAL = 1
    client.force_login(member)
    response = client.post(
        f"/t/{thread.pk}/reply/", {"body": "first words"}, follow=True
    )
    page = response.content.decode()
    assert "Waiting for approval" in page and "first words" in page
    client.logout()
    assert "first words" not in client.get(thread.get_absolute_url()).content.decode()


def test_reply_edit_flow_renders_mentions(client, member, other_member, make_thread):
    thread = make_thread()
    post = post_create(thread=thread, by=member, body="hi")
    client.force_login(member)
    client.post(f"/p/{post.pk}/edit/", {"body": "hi @member_two", "version": "1"})
    post.refresh_from_db()
    assert '<a href="/u/member_two/"' in post.body_html
