"""Blocking (SPEC §3, §4 /u/<username>/block/): both sides stop seeing each other's posts,
mentions, quotes and notifications; moderators and staff are never held back."""

import json

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import Block, Notification
from accounts.services import (
    is_blocked_between,
    member_block,
    member_unblock,
    notification_send,
    user_data_export,
)
from forum.fragments import CACHE_ALIAS
from forum.services import post_create, thread_create
from tests.factories import PostFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db

COLLAPSED_MINE = "Post from a member you blocked. Open to read."
COLLAPSED_THEIRS = "Post from a member who cannot interact with you. Open to read."


def thread_page(client, thread) -> str:
    response = client.get(f"{thread.get_absolute_url()}?page=1")
    assert response.status_code == 200
    return response.content.decode()


def posts_of(html: str) -> str:
    """The page's list of posts, without the templates the live script clones."""
    start = html.index('<ol id="posts"')
    return html[start : html.index("</ol>", start)]


def post_li(html: str, post) -> str:
    start = html.index(f'<li id="post-{post.pk}"')
    return html[start : html.index("</li>\n", start)]


def test_blocking_twice_makes_one_block_and_unblocking_removes_it(member, other_member):
    member_block(user=other_member, by=member)
    member_block(user=other_member, by=member)
    assert Block.objects.filter(blocker=member, blocked=other_member).count() == 1
    assert is_blocked_between(member, other_member)
    assert is_blocked_between(other_member, member)
    assert member_unblock(user=other_member, by=member) is True
    assert not is_blocked_between(member, other_member)


def test_moderators_and_staff_cannot_be_blocked(member, moderator, admin_user):
    for user in (moderator, admin_user):
        with pytest.raises(ValidationError):
            member_block(user=user, by=member)
    assert not Block.objects.exists()


def test_a_member_cannot_block_themselves(member):
    with pytest.raises(ValidationError):
        member_block(user=member, by=member)


def test_the_block_url_blocks_and_unblocks_by_post(client, member, other_member):
    client.force_login(member)
    url = reverse("accounts:block", args=[other_member.username])
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "block"})
    assert response.status_code == 302
    assert Block.objects.filter(blocker=member, blocked=other_member).exists()
    settings_page = client.get(reverse("accounts:settings")).content.decode()
    assert f"Unblock {other_member.username}" in settings_page
    client.post(url, {"action": "unblock"})
    assert not Block.objects.exists()


def test_blocking_a_moderator_by_url_keeps_the_page_with_the_reason(
    client, member, moderator
):
    client.force_login(member)
    response = client.post(
        reverse("accounts:block", args=[moderator.username]), {"action": "block"}
    )
    assert response.status_code == 400
    assert "cannot be blocked" in response.content.decode()
    assert not Block.objects.exists()


def test_both_sides_see_each_others_posts_collapsed_with_a_reveal(member, other_member):
    thread = ThreadFactory(author=other_member)
    mine = PostFactory(thread=thread, number=2, author=member)
    member_block(user=other_member, by=member)
    blocker, blocked = Client(), Client()
    blocker.force_login(member)
    blocked.force_login(other_member)

    html = thread_page(blocker, thread)
    theirs = post_li(html, thread.posts.get(number=1))
    assert f'<details class="post-blocked"><summary>{COLLAPSED_MINE}' in theirs
    assert "First post." in theirs  # one click away, no JavaScript needed
    assert "post-blocked" not in post_li(html, mine)
    assert f'data-blocked-mine="{other_member.username}"' in html

    html = thread_page(blocked, thread)
    assert COLLAPSED_THEIRS in post_li(html, mine)
    assert f'data-blocked-theirs="{member.username}"' in html
    # Nothing in the posts the blocked member gets says they were blocked.
    assert COLLAPSED_MINE not in posts_of(html)


def test_the_fragment_cache_never_serves_one_viewers_collapse_to_another(
    member, other_member
):
    caches[CACHE_ALIAS].clear()
    third = UserFactory()
    thread = ThreadFactory(author=other_member)
    member_block(user=other_member, by=member)
    blocker, bystander = Client(), Client()
    blocker.force_login(member)
    bystander.force_login(third)
    # The bystander fills the cache first; the blocker must not get their entry,
    # and then the bystander must not get the blocker's.
    assert 'class="post-blocked"' not in posts_of(thread_page(bystander, thread))
    assert COLLAPSED_MINE in posts_of(thread_page(blocker, thread))
    assert 'class="post-blocked"' not in posts_of(thread_page(bystander, thread))
    member_unblock(user=other_member, by=member)
    assert 'class="post-blocked"' not in posts_of(thread_page(blocker, thread))


def test_moderators_see_posts_of_blocked_members_uncollapsed(
    member, other_member, moderator
):
    thread = ThreadFactory(author=other_member)
    member_block(user=other_member, by=member)
    client = Client()
    client.force_login(moderator)
    assert 'class="post-blocked"' not in posts_of(thread_page(client, thread))


def test_a_mention_across_a_block_is_neither_linked_nor_notified(member, other_member):
    thread = ThreadFactory(author=member)
    member_block(user=member, by=other_member)
    post = post_create(thread=thread, by=member, body=f"hello @{other_member.username}")
    assert f'href="/u/{other_member.username}/"' not in post.body_html
    assert not Notification.objects.filter(user=other_member).exists()


def test_quoting_across_a_block_is_refused_in_the_service_and_the_view(
    client, member, other_member
):
    thread = ThreadFactory(author=other_member)
    quoted = thread.posts.get()
    member_block(user=other_member, by=member)
    body = (
        f"> [{other_member.username} wrote (#1):](/p/{quoted.pk}/)\n> First post.\n\nno"
    )
    with pytest.raises(ValidationError):
        post_create(thread=thread, by=member, body=body)
    client.force_login(member)
    assert client.get(reverse("forum:post_quote", args=[quoted.pk])).status_code == 403
    response = client.post(
        reverse("forum:thread_reply", args=[thread.pk]), {"body": body}
    )
    assert response.status_code == 400
    assert "no" in response.content.decode()  # what was typed is kept
    assert thread.posts.count() == 1


def test_no_notification_crosses_a_block_either_way(member, other_member):
    member_block(user=other_member, by=member)
    assert notification_send(user=member, kind="mention", actor=other_member) is None
    assert notification_send(user=other_member, kind="mention", actor=member) is None
    assert not Notification.objects.exists()
    # A notification with no member behind it still arrives.
    notification_send(user=member, kind="reply", text="a system notice")
    assert Notification.objects.filter(user=member).count() == 1


def test_moderators_see_that_a_block_exists_but_not_who_made_it(
    client, member, other_member, moderator
):
    member_block(user=other_member, by=member)
    client.force_login(moderator)
    page = client.get(reverse("accounts:profile", args=[other_member.username]))
    html = page.content.decode()
    assert "There is a block between this member" in html
    assert member.username in html
    assert "blocked by" not in html.lower()


def test_the_export_lists_blocks_made_and_never_who_blocked_them(member, other_member):
    member_block(user=other_member, by=member)
    mine = user_data_export(user=member, by=member)["accounts"]["blocks_made"]
    assert [row["member"] for row in mine] == [other_member.username]
    theirs = user_data_export(user=other_member, by=other_member)
    assert member.username not in json.dumps(theirs, default=str)


def test_a_new_thread_cannot_quote_across_a_block_either(member, other_member):
    quoted = ThreadFactory(author=other_member).posts.get()
    member_block(user=member, by=other_member)
    category = quoted.thread.category
    body = f"> [{other_member.username} wrote (#1):](/p/{quoted.pk}/)\n> First post."
    with pytest.raises(ValidationError):
        thread_create(category=category, by=member, title="Quoting", body=body)
    assert not category.threads.filter(title="Quoting").exists()
