"""Hiding one's name on past posts without leaving: "a member" on the posts, their
quotes, mentions of the member from that time, case snapshots and the event log."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.services import posts_anonymise, user_data_export
from forum.models import Post, ThreadEvent
from forum.services import post_create
from moderation.models import Case
from moderation.services import flag_create
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db


def aged(post: Post, days: int) -> Post:
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    post.refresh_from_db()
    return post


@pytest.fixture
def history(member, other_member, settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    thread = ThreadFactory(author=other_member)
    old = aged(post_create(thread=thread, by=member, body="my old words"), 10)
    new = post_create(thread=thread, by=member, body="my new words")
    quote = (
        f"> [{member.username} wrote (#{old.number}):](/p/{old.pk}/)\n> my old words"
    )
    quoting = aged(
        post_create(
            thread=thread,
            by=other_member,
            body=f"{quote}\n\nthanks @{member.username}",
        ),
        9,
    )
    flag_create(post=old, by=other_member, reason="other", note="check")
    return {"thread": thread, "old": old, "new": new, "quoting": quoting}


def test_posts_before_the_date_show_a_member_everywhere(member, history):
    before = timezone.now() - timedelta(days=5)
    assert posts_anonymise(user=member, by=member, before=before) == 1
    old, new, quoting = (
        Post.objects.get(pk=history[name].pk) for name in ("old", "new", "quoting")
    )
    assert old.is_anonymous and not new.is_anonymous
    assert old.author_id == member.pk  # still theirs
    assert member.username not in quoting.body
    assert "a member wrote" in quoting.body
    assert "@a member" in quoting.body
    assert Case.objects.get(post=old).snapshot_author == ""
    for event in ThreadEvent.objects.filter(thread=history["thread"]):
        post = event.payload.get("post") or {}
        if post.get("id") in (old.pk, quoting.pk):
            assert member.username not in str(event.payload)

    page = Client().get(f"{history['thread'].get_absolute_url()}?page=1")
    html = page.content.decode()
    old_li = html[html.index(f'<li id="post-{old.pk}"') :]
    old_li = old_li[: old_li.index("</li>")]
    assert "a member" in old_li and member.username not in old_li
    new_li = html[html.index(f'<li id="post-{new.pk}"') :]
    assert member.username in new_li[: new_li.index("</li>")]


def test_the_posts_stay_in_the_members_export(member, history):
    posts_anonymise(user=member, by=member, before=timezone.now())
    bodies = [
        p["body"] for p in user_data_export(user=member, by=member)["forum"]["posts"]
    ]
    assert "my old words" in bodies


def test_only_the_member_hides_their_own_name(member, admin_user, history):
    with pytest.raises(PermissionDenied):
        posts_anonymise(user=member, by=admin_user, before=timezone.now())
    assert not Post.objects.filter(is_anonymous=True).exists()


def test_the_form_needs_a_date_and_a_confirmation(client, member, history):
    client.force_login(member)
    url = reverse("accounts:anonymise")
    response = client.post(url, {"before": ""})
    assert response.status_code == 400
    assert not Post.objects.filter(is_anonymous=True).exists()
    day = (timezone.now() - timedelta(days=5)).date().isoformat()
    response = client.post(url, {"before": day, "confirm": "on"})
    assert response.status_code == 302
    assert list(Post.objects.filter(is_anonymous=True)) == [history["old"]]
