from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from forum.models import Post, PostStatus
from forum.services import post_create
from moderation.models import Action, AuditEntry
from moderation.services import thread_slow_mode_change
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    return ThreadFactory()


def test_slow_mode_allows_one_reply_per_member_per_period(thread, member, moderator):
    thread_slow_mode_change(thread=thread, by=moderator, minutes=10, reason="Heated.")
    thread.refresh_from_db()
    post_create(thread=thread, by=member, body="First.")
    with pytest.raises(ValidationError) as refused:
        post_create(thread=thread, by=member, body="Second, too soon.")
    assert "slow mode" in refused.value.messages[0]
    assert not Post.objects.filter(body="Second, too soon.").exists()
    Post.objects.filter(body="First.").update(
        created_at=timezone.now() - timedelta(minutes=11)
    )
    post_create(thread=thread, by=member, body="Second, later.")


def test_slow_mode_is_per_member_and_spares_moderators(
    thread, member, other_member, moderator
):
    thread_slow_mode_change(thread=thread, by=moderator, minutes=10, reason="Heated.")
    thread.refresh_from_db()
    post_create(thread=thread, by=member, body="Mine.")
    post_create(thread=thread, by=other_member, body="Theirs.")
    post_create(thread=thread, by=moderator, body="Calm down, please.")
    post_create(thread=thread, by=moderator, body="Thank you.")
    # Slow mode is on: the first member's next reply still waits.
    with pytest.raises(ValidationError):
        post_create(thread=thread, by=member, body="Mine again.")
    replies = thread.posts.filter(status=PostStatus.PUBLISHED, number__gt=1)
    assert list(replies.order_by("number").values_list("author", "body")) == [
        (member.pk, "Mine."),
        (other_member.pk, "Theirs."),
        (moderator.pk, "Calm down, please."),
        (moderator.pk, "Thank you."),
    ]


def test_the_reply_form_keeps_the_text_in_slow_mode(client, thread, member, moderator):
    thread_slow_mode_change(thread=thread, by=moderator, minutes=5, reason="Heated.")
    client.force_login(member)
    client.post(f"/t/{thread.pk}/reply/", {"body": "First."})
    response = client.post(f"/t/{thread.pk}/reply/", {"body": "My careful words."})
    assert response.status_code == 400
    assert "My careful words." in response.content.decode()


def test_slow_mode_is_logged_like_any_action(client, thread, moderator):
    client.force_login(moderator)
    response = client.post(
        f"/moderation/threads/{thread.pk}/slow-mode/",
        {"minutes": "15", "reason": "Too many replies too fast."},
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.slow_mode_minutes == 15
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.thread) == (Action.THREAD_SLOW_MODE, thread)


def test_thread_page_says_slow_mode_is_on(client, thread, member, moderator):
    client.force_login(member)
    assert "Slow mode" not in client.get(thread.get_absolute_url()).content.decode()
    thread_slow_mode_change(thread=thread, by=moderator, minutes=5, reason="Heated.")
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Slow mode: one reply every 5 minutes." in html
    thread_slow_mode_change(thread=thread, by=moderator, minutes=1, reason="Calmer.")
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Slow mode: one reply every minute." in html
