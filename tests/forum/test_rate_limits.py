"""Posting and reaction limits: they count what was stored, not what was refused."""

import pytest
from django.core.exceptions import ValidationError

from forum.models import Reaction, Thread, ThreadEvent
from forum.services import RateLimited, post_create, reaction_toggle, thread_create
from moderation.models import WatchedWord
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def blocked_word(db):
    return WatchedWord.objects.create(word="forbiddenword", action="block")


def test_a_reply_refused_by_screening_uses_up_no_quota(
    settings, member, make_thread, blocked_word
):
    settings.FORUM_REPLIES_PER_MINUTE = 1
    thread = make_thread()
    for _ in range(3):
        with pytest.raises(ValidationError):
            post_create(thread=thread, by=member, body="You forbiddenword.")
    post = post_create(thread=thread, by=member, body="Said more kindly.")
    assert post.body == "Said more kindly."
    with pytest.raises(RateLimited):
        post_create(thread=thread, by=member, body="And once more.")
    assert thread.posts.filter(author=member).count() == 1


def test_a_thread_refused_by_screening_uses_up_no_quota(
    settings, member, category, blocked_word
):
    settings.FORUM_THREADS_PER_HOUR = 1
    for _ in range(2):
        with pytest.raises(ValidationError):
            thread_create(
                category=category, by=member, title="A title", body="forbiddenword"
            )
    thread_create(category=category, by=member, title="A title", body="Kindly.")
    with pytest.raises(RateLimited):
        thread_create(category=category, by=member, title="Another", body="Kindly.")
    assert Thread.objects.filter(author=member).count() == 1


def test_reactions_past_the_rate_limit_are_refused(settings, member, make_thread):
    settings.FORUM_REACTIONS_PER_MINUTE = 3
    post = PostFactory(thread=make_thread())
    for _ in range(3):
        reaction_toggle(post=post, by=member, kind="support")
    events = ThreadEvent.objects.filter(kind="post.reactions").count()
    with pytest.raises(RateLimited):
        reaction_toggle(post=post, by=member, kind="support")
    # The refused toggle stored nothing and woke no socket.
    assert Reaction.objects.filter(post=post, user=member).count() == 1
    assert ThreadEvent.objects.filter(kind="post.reactions").count() == events


def test_moderators_are_not_limited_in_reactions(settings, moderator, make_thread):
    settings.FORUM_REACTIONS_PER_MINUTE = 1
    post = PostFactory(thread=make_thread())
    for _ in range(3):
        reaction_toggle(post=post, by=moderator, kind="support")
    assert Reaction.objects.filter(post=post, user=moderator).count() == 1
