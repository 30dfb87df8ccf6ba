import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Notification
from forum.models import Post, PostStatus, Reaction, Thread, ThreadEvent
from forum.selectors import first_unread_post, thread_visible_to
from forum.services import (
    EditConflict,
    RateLimited,
    post_create,
    post_edit,
    reaction_toggle,
    read_state_mark,
    thread_create,
)
from moderation.services import thread_lock
from tests.concurrency import run_concurrently
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def start(category, by, **kwargs):
    kwargs.setdefault("title", "Finding work after treatment")
    kwargs.setdefault("body", "Where did you start?")
    return thread_create(category=category, by=by, **kwargs)


def test_thread_create_stores_first_post_and_counters(member, category):
    thread = start(category, member, tags="Housing, WORK , housing", mode="advice")
    category.refresh_from_db()
    post = thread.posts.get()
    assert (post.number, post.status, post.body_html) == (
        1,
        PostStatus.PUBLISHED,
        "<p>Where did you start?</p>\n",
    )
    assert sorted(thread.tags.names()) == ["housing", "work"]
    assert (thread.post_count, thread.last_post_number, thread.mode) == (1, 1, "advice")
    assert (category.thread_count, category.post_count) == (1, 1)
    assert list(thread.events.values_list("kind", flat=True)) == ["post.created"]


def test_thread_create_refuses_six_tags_and_long_titles(member, category):
    with pytest.raises(ValidationError) as error:
        start(category, member, title="x" * 151, tags="a,b,c,d,e,f")
    assert set(error.value.message_dict) == {"title", "tags"}
    assert not Thread.objects.exists()


def test_anonymous_cannot_start_a_thread_or_reply(category, make_thread):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        start(category, AnonymousUser())
    thread = make_thread()
    with pytest.raises(PermissionDenied):
        post_create(thread=thread, by=AnonymousUser(), body="hello")
    assert thread.posts.count() == 1


def test_silenced_member_cannot_reply(member, make_thread):
    member.silenced_until = timezone.now() + timezone.timedelta(days=1)
    member.save()
    with pytest.raises(PermissionDenied, match="read but not post"):
        post_create(thread=make_thread(), by=member, body="hello")


def test_member_without_confirmed_email_cannot_post(category):
    unconfirmed = UserFactory(email_confirmed_at=None)
    with pytest.raises(PermissionDenied, match="Confirm your e-mail"):
        start(category, unconfirmed)


def test_members_only_category_refuses_anonymous_and_accepts_members(
    member, members_category
):
    thread = start(members_category, member)
    from django.contrib.auth.models import AnonymousUser

    assert thread_visible_to(thread, member)
    assert not thread_visible_to(thread, AnonymousUser())


def test_replies_are_numbered_and_counted(member, other_member, make_thread):
    thread = make_thread()
    first = post_create(thread=thread, by=member, body="one")
    second = post_create(thread=thread, by=other_member, body="two")
    thread.refresh_from_db()
    thread.category.refresh_from_db()
    assert (first.number, second.number) == (2, 3)
    assert (thread.post_count, thread.last_post_number) == (3, 3)
    assert thread.last_poster == other_member
    assert thread.category.post_count == 3


def test_double_submit_makes_one_post(
    member, make_thread, django_capture_on_commit_callbacks
):
    thread = make_thread()
    with django_capture_on_commit_callbacks() as callbacks:
        first = post_create(
            thread=thread, by=member, body="hello", idempotency_key="k1"
        )
        second = post_create(
            thread=thread, by=member, body="hello", idempotency_key="k1"
        )
    assert first.pk == second.pk
    assert thread.posts.count() == 2
    assert thread.events.filter(kind="post.created").count() == 1
    # One wake-up for the thread's event, one for the starter's notification.
    assert len(callbacks) == 2


def test_same_key_from_two_members_makes_two_posts(member, other_member, make_thread):
    thread = make_thread()
    post_create(thread=thread, by=member, body="a", idempotency_key="shared")
    post_create(thread=thread, by=other_member, body="b", idempotency_key="shared")
    assert thread.posts.count() == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_makes_one_post(category):
    """Two requests with one key at the same moment (real threads, real connections)."""
    author = UserFactory()
    thread = start(category, author)

    def submit():
        return post_create(
            thread=thread, by=author, body="once", idempotency_key="race"
        )

    results = run_concurrently([submit, submit])
    assert len({post.pk for post in results}) == 1
    assert Post.objects.filter(thread=thread, idempotency_key="race").count() == 1
    thread.refresh_from_db()
    assert (thread.post_count, thread.last_post_number) == (2, 2)


def test_locked_thread_refuses_member_replies_but_not_moderators(
    member, moderator, make_thread
):
    thread = make_thread()
    thread_lock(thread=thread, by=moderator, reason="heated")
    with pytest.raises(PermissionDenied, match="locked"):
        post_create(thread=thread, by=member, body="hello")
    post_create(thread=thread, by=moderator, body="Closing note from the team.")
    assert thread.posts.count() == 2


def test_just_listening_refuses_replies_from_others_but_accepts_reactions(
    member, other_member, category
):
    thread = start(category, member, mode="listening")
    with pytest.raises(PermissionDenied, match="just listening"):
        post_create(thread=thread, by=other_member, body="have you tried…")
    post = reaction_toggle(post=thread.posts.get(), by=other_member, kind="support")
    assert post.reaction_counts == {"support": 1}
    # The author may keep sharing in their own thread.
    post_create(thread=thread, by=member, body="An update, a week later.")
    assert thread.posts.count() == 2


def test_reaction_toggles_and_counts_follow(
    member, other_member, moderator, make_thread
):
    post = make_thread(author=member).posts.get()
    reaction_toggle(post=post, by=other_member, kind="thanks")
    post = reaction_toggle(post=post, by=moderator, kind="thanks")
    assert post.reaction_counts == {"thanks": 2}
    post = reaction_toggle(post=post, by=other_member, kind="thanks")
    assert post.reaction_counts == {"thanks": 1}
    assert Reaction.objects.filter(post=post).count() == 1


def test_cannot_react_to_own_post_or_with_unknown_kind(
    member, other_member, make_thread
):
    post = make_thread(author=member).posts.get()
    with pytest.raises(PermissionDenied):
        reaction_toggle(post=post, by=member, kind="support")
    with pytest.raises(ValidationError):
        reaction_toggle(post=post, by=other_member, kind="angry")


def test_edit_keeps_a_revision_and_bumps_the_version(member, make_thread):
    post = make_thread(author=member).posts.get()
    edited = post_edit(post=post, by=member, body="Better words.", expected_version=1)
    assert (edited.version, edited.body_html) == (2, "<p>Better words.</p>\n")
    revision = edited.revisions.get()
    assert (revision.version, revision.body) == (1, "First post.")
    assert post.thread.events.filter(kind="post.updated").count() == 1


def test_member_cannot_edit_another_members_post(member, other_member, make_thread):
    post = make_thread(author=member).posts.get()
    with pytest.raises(PermissionDenied):
        post_edit(post=post, by=other_member, body="mine now", expected_version=1)
    post.refresh_from_db()
    assert post.body == "First post."


def test_edit_conflict_reports_the_current_post(member, make_thread):
    post = make_thread(author=member).posts.get()
    post_edit(post=post, by=member, body="From the phone.", expected_version=1)
    with pytest.raises(EditConflict) as conflict:
        post_edit(post=post, by=member, body="From the laptop.", expected_version=1)
    assert conflict.value.current.body == "From the phone."
    post.refresh_from_db()
    assert (post.body, post.version) == ("From the phone.", 2)


def test_edit_in_a_locked_thread_is_refused(member, moderator, make_thread):
    thread = make_thread(author=member)
    thread_lock(thread=thread, by=moderator, reason="")
    with pytest.raises(PermissionDenied):
        post_edit(post=thread.posts.get(), by=member, body="x", expected_version=1)


def test_first_posts_wait_for_approval_without_an_event(settings, category):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 2
    newcomer = UserFactory()
    thread = start(category, newcomer)
    post = thread.posts.get()
    category.refresh_from_db()
    assert post.status == PostStatus.PENDING
    assert (thread.post_count, category.thread_count) == (0, 0)
    assert not thread.events.exists()
    assert thread_visible_to(thread, newcomer)
    assert not thread_visible_to(thread, UserFactory())


def test_read_state_never_moves_backwards_and_finds_first_unread(
    member, other_member, make_thread
):
    thread = make_thread(replies=30)
    assert first_unread_post(thread=thread, viewer=member) is None
    read_state_mark(thread=thread, by=member, number=25)
    read_state_mark(thread=thread, by=member, number=3)
    unread = first_unread_post(thread=thread, viewer=member)
    assert (unread.number, unread.page_number) == (26, 2)


def test_replies_past_the_rate_limit_are_refused(settings, member, make_thread):
    settings.FORUM_REPLIES_PER_MINUTE = 2
    thread = make_thread()
    post_create(thread=thread, by=member, body="one")
    second = post_create(thread=thread, by=member, body="two", idempotency_key="k2")
    with pytest.raises(RateLimited):
        post_create(thread=thread, by=member, body="three")
    # Resubmitting a stored post is not a new post, so the limit does not apply.
    again = post_create(thread=thread, by=member, body="two", idempotency_key="k2")
    assert again.pk == second.pk
    assert thread.posts.count() == 3


def test_threads_past_the_rate_limit_are_refused(settings, member, category):
    settings.FORUM_THREADS_PER_HOUR = 1
    start(category, member)
    with pytest.raises(RateLimited):
        start(category, member, title="Another one")
    assert Thread.objects.count() == 1


def test_mentions_link_to_profiles_and_notify(member, other_member, make_thread):
    thread = make_thread()
    post = post_create(
        thread=thread, by=member, body="Thanks @member_two and @nobody_here."
    )
    assert '<a href="/u/member_two/"' in post.body_html
    assert "/u/nobody_here/" not in post.body_html
    notification = Notification.objects.get(user=other_member)
    assert notification.url == f"/p/{post.pk}/"
    assert "Thanks" not in notification.text


def test_mention_in_a_members_only_thread_is_linked_for_members(
    member, other_member, members_category
):
    thread = start(members_category, member, body="Welcome @member_two")
    assert "/u/member_two/" in thread.posts.get().body_html
    assert Notification.objects.filter(user=other_member).count() == 1


def test_events_store_no_html_for_a_pending_reply(settings, category, member):
    thread = start(category, member)
    settings.FIRST_POSTS_NEEDING_APPROVAL = 5
    newcomer = UserFactory()
    post = post_create(thread=thread, by=newcomer, body="first words")
    assert post.status == PostStatus.PENDING
    assert ThreadEvent.objects.filter(thread=thread).count() == 1


def test_tags_are_lower_cased_with_spaces_collapsed(member, category):
    thread = start(category, member, tags="Housing, Đorđe  Town, ...")
    assert sorted(thread.tags.names()) == ["housing", "đorđe town"]


def test_tags_with_other_characters_are_refused_not_rewritten(member, category):
    with pytest.raises(ValidationError) as raised:
        start(category, member, tags="#Housing, a/b")
    assert "“#housing”" in raised.value.message_dict["tags"][0]
    assert not Thread.objects.exists()
