"""Rendered posts and thread rows come from the fragment cache, never stale, never leaked.

Each test renders a page once (filling the cache), changes what the page shows, and reads
it again: the change must be there, whichever path made it.
"""

import re

import pytest
from django.core.cache import caches
from django.test import Client

from accounts.services.users import user_settings_update
from forum.fragments import CACHE_ALIAS, recent
from forum.models import Post
from forum.services import post_edit, reaction_toggle, thread_retitle
from forum.services.visibility import post_hide, post_restore
from moderation.services import thread_lock, thread_move
from tests.factories import CategoryFactory, ThreadFactory, UserFactory
from tests.forum.conftest import add_replies
from tests.live_server import RedisServer
from tests.services import require_redis_server_binary

pytestmark = pytest.mark.django_db

POST_PARTIAL = "forum/partials/_post.html"
ROW_PARTIAL = "forum/partials/_thread_row.html"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


@pytest.fixture(autouse=True)
def _empty_fragment_cache():
    caches[CACHE_ALIAS].clear()


def rendered(response) -> set[str]:
    return {template.name for template in response.templates}


def page(client, thread, number: int = 1):
    response = client.get(f"{thread.get_absolute_url()}?page={number}")
    assert response.status_code == 200
    return response


def post_markup(response, post: Post) -> str:
    html = response.content.decode()
    start = html.index(f'<li id="post-{post.pk}"')
    return html[start : html.index("</footer>", start)]


def post_count(response) -> int:
    """Posts on the page, not counting the hidden prototypes the script clones."""
    return len(re.findall(r'<li id="post-\d{1,9}"', response.content.decode()))


def rows(response) -> str:
    html = response.content.decode()
    return html[html.index('<ul class="thread-list">') : html.index("</ul>\n  ")]


@pytest.fixture
def thread(category):
    return add_replies(ThreadFactory(category=category), 3)


def test_a_thread_page_seen_again_renders_no_post(client, thread):
    assert POST_PARTIAL in rendered(page(client, thread))
    again = page(client, thread)
    assert POST_PARTIAL not in rendered(again)
    assert post_count(again) == 4


def test_a_category_page_seen_again_renders_no_row(client, thread):
    first = client.get(thread.category.get_absolute_url())
    assert ROW_PARTIAL in rendered(first)
    again = client.get(thread.category.get_absolute_url())
    assert ROW_PARTIAL not in rendered(again)
    assert rows(again) == rows(first)


def test_a_hidden_post_is_marked_for_moderators_and_gone_for_members(
    client, thread, moderator, member
):
    post = thread.posts.get(number=2)
    client.force_login(moderator)
    assert "Hidden by a moderator" not in post_markup(page(client, thread), post)
    client.force_login(member)
    page(client, thread)
    post_hide(post=post, by=moderator)
    assert f'id="post-{post.pk}"' not in page(client, thread).content.decode()
    client.force_login(moderator)
    assert "Hidden by a moderator" in post_markup(page(client, thread), post)


def test_a_restored_post_loses_its_hidden_mark(client, thread, moderator):
    post = thread.posts.get(number=2)
    post_hide(post=post, by=moderator)
    client.force_login(moderator)
    assert "Hidden by a moderator" in post_markup(page(client, thread), post)
    post_restore(post=post, by=moderator)
    assert "Hidden by a moderator" not in post_markup(page(client, thread), post)


def test_an_edited_post_shows_its_new_text(client, thread):
    post = thread.posts.get(number=2)
    anonymous = Client()
    page(anonymous, thread)
    post_edit(post=post, by=post.author, body="Changed my mind.", expected_version=1)
    markup = post_markup(page(anonymous, thread), post)
    assert "Changed my mind." in markup
    assert "post-edited" in markup


def test_a_reaction_changes_the_count_and_the_reactors_pressed_button(
    client, thread, member
):
    post = thread.posts.get(number=2)
    anonymous = Client()
    page(anonymous, thread)
    client.force_login(member)
    before = post_markup(page(client, thread), post)
    assert 'aria-pressed="true"' not in before
    reaction_toggle(post=post, by=member, kind="thanks")
    assert 'aria-pressed="true"' in post_markup(page(client, thread), post)
    static = post_markup(page(anonymous, thread), post)
    assert 'data-kind="thanks"' in static
    assert '<span class="reaction-count">1</span>' in static


def test_a_changed_content_warning_preference_opens_the_warning(client, category):
    thread = ThreadFactory(category=category, content_warning="relapse")
    member = UserFactory()
    client.force_login(member)
    first = thread.posts.get(number=1)
    assert '<details class="content-warning">' in post_markup(
        page(client, thread), first
    )
    user_settings_update(
        user=member,
        bio="",
        country="IT",
        preferred_language="",
        profile_visibility=member.profile_visibility,
        show_organisations=False,
        share_typing=False,
        show_name_when_typing=False,
        email_notifications=False,
        content_warning_preferences={"relapse": "show"},
    )
    assert '<details class="content-warning" open>' in post_markup(
        page(client, thread), first
    )


def test_a_locked_thread_loses_its_quote_links(client, thread, member, moderator):
    client.force_login(member)
    assert "post-quote" in page(client, thread).content.decode()
    thread_lock(thread=thread, by=moderator, reason="cooling off")
    html = page(client, thread).content.decode()
    assert "post-quote" not in html
    assert 'id="thread-locked"' in html


def test_a_moved_thread_leaves_its_old_category(client, thread, moderator):
    old = thread.category
    new = CategoryFactory(slug="elsewhere", name="Elsewhere")
    client.get(old.get_absolute_url())
    client.get("/")
    thread_move(thread=thread, by=moderator, reason="wrong place", category=new)
    assert thread.title not in client.get(old.get_absolute_url()).content.decode()
    assert thread.title in client.get(new.get_absolute_url()).content.decode()
    home = client.get("/").content.decode()
    row = home[home.index(f'href="{thread.get_absolute_url()}"') :]
    assert row.index("Elsewhere") < row.index("</li>")


def test_a_renamed_thread_shows_its_new_title_in_lists(client, thread):
    client.get(thread.category.get_absolute_url())
    thread_retitle(thread=thread, title="A clearer title", tags=[])
    html = client.get(thread.category.get_absolute_url()).content.decode()
    assert "A clearer title" in html
    assert thread.title not in html


def test_members_never_get_each_others_controls(client, thread):
    post = thread.posts.get(number=2)
    author = post.author
    client.force_login(author)
    own = post_markup(page(client, thread), post)
    assert f'href="/p/{post.pk}/edit/"' in own
    client.force_login(UserFactory())
    other = post_markup(page(client, thread), post)
    assert "/edit/" not in other
    assert f"/p/{post.pk}/flag/" in other
    anonymous = post_markup(page(Client(), thread), post)
    assert "/flag/" not in anonymous
    assert "csrfmiddlewaretoken" not in anonymous


def test_moderators_entries_are_not_served_to_members(
    client, thread, moderator, member
):
    post = thread.posts.get(number=2)
    post_edit(post=post, by=post.author, body="Edited once.", expected_version=1)
    post_hide(post=thread.posts.get(number=3), by=moderator)
    client.force_login(moderator)
    html = page(client, thread).content.decode()
    assert f"/p/{post.pk}/history/" in html
    client.force_login(member)
    html = page(client, thread).content.decode()
    assert f"/p/{post.pk}/history/" not in html
    assert "Hidden by a moderator" not in html


def test_reaction_forms_carry_this_requests_token(thread, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    page(client, thread)
    html = page(client, thread).content.decode()
    tokens = set(CSRF_INPUT.findall(html))
    assert len(tokens) == 1
    post = thread.posts.get(number=2)
    response = client.post(
        f"/p/{post.pk}/react/", {"kind": "support", "csrfmiddlewaretoken": tokens.pop()}
    )
    assert response.status_code == 302


@pytest.fixture
def fragments_on_private_redis(settings, tmp_path):
    server = RedisServer(require_redis_server_binary(), tmp_path)
    server.start()
    settings.CACHES = {
        **settings.CACHES,
        CACHE_ALIAS: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
        },
    }
    yield server
    server.stop()


def test_pages_are_cached_on_redis_and_rendered_when_it_is_down(
    client, thread, fragments_on_private_redis
):
    page(client, thread)
    assert POST_PARTIAL not in rendered(page(client, thread))
    client.get(thread.category.get_absolute_url())
    fragments_on_private_redis.stop()
    # This process still holds what it used last, and serves it without Redis.
    kept = page(client, thread)
    assert POST_PARTIAL not in rendered(kept)
    assert post_count(kept) == 4
    # Another process, or one whose memory let them go, renders them.
    recent.clear()
    during = page(client, thread)
    assert POST_PARTIAL in rendered(during)
    assert post_count(during) == 4
    listing = client.get(thread.category.get_absolute_url())
    assert listing.status_code == 200
    assert thread.title in listing.content.decode()


def test_the_process_keeps_the_entries_it_used_last_and_no_more():
    from forum.fragments import _RecentEntries

    kept = _RecentEntries(size=2)
    kept.set_many({"a": "A", "b": "B"})
    assert kept.get_many(["a"]) == {"a": "A"}  # "a" is now the most recent
    kept.set_many({"c": "C"})
    assert kept.get_many(["a", "b", "c"]) == {"a": "A", "c": "C"}
