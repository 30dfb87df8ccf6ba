import pytest
from django.core.exceptions import PermissionDenied

from forum.models import Category
from forum.selectors import category_threads
from forum.services import post_create
from moderation.models import AuditEntry
from moderation.services import thread_lock, thread_move, thread_pin, thread_unlock
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _publish_at_once(settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0


def test_second_lock_is_a_no_op(
    moderator, make_thread, django_capture_on_commit_callbacks
):
    thread = make_thread()
    thread_lock(thread=thread, by=moderator, reason="personal details posted")
    with django_capture_on_commit_callbacks() as callbacks:
        thread_lock(thread=thread, by=moderator, reason="double click")
    assert list(thread.events.values_list("kind", flat=True)) == ["thread.locked"]
    assert callbacks == []
    assert AuditEntry.objects.filter(thread=thread).count() == 1


def test_unlock_records_an_event_and_accepts_replies(member, moderator, make_thread):
    thread = make_thread()
    thread_lock(thread=thread, by=moderator, reason="")
    thread_unlock(thread=thread, by=moderator, reason="calm again")
    post_create(thread=thread, by=member, body="thanks")
    assert list(thread.events.values_list("kind", flat=True)) == [
        "thread.locked",
        "thread.unlocked",
        "post.created",
    ]


def test_member_cannot_lock_pin_or_move(member, make_thread):
    thread = make_thread()
    for action in (thread_lock, thread_pin):
        with pytest.raises(PermissionDenied):
            action(thread=thread, by=member, reason="")
    with pytest.raises(PermissionDenied):
        thread_move(thread=thread, by=member, reason="", category=CategoryFactory())
    thread.refresh_from_db()
    assert (thread.is_locked, thread.is_pinned) == (False, False)


def test_move_recounts_both_categories(moderator, make_thread):
    thread = make_thread(replies=4)
    source = thread.category
    target = CategoryFactory()
    thread_move(
        thread=thread, by=moderator, reason="belongs in housing", category=target
    )
    source.refresh_from_db()
    target.refresh_from_db()
    assert (source.thread_count, source.post_count) == (0, 0)
    assert (target.thread_count, target.post_count) == (1, 5)


def test_pin_sorts_first_in_the_category(moderator, make_thread, category):
    old = make_thread()
    make_thread()
    thread_pin(thread=old, by=moderator, reason="house rules")
    listing = category_threads(
        category=Category.objects.get(pk=category.pk), viewer=None
    )
    assert listing.threads[0].pk == old.pk


def test_move_records_a_thread_moved_event_for_open_sockets(
    moderator, make_thread, django_capture_on_commit_callbacks
):
    thread = make_thread()
    with django_capture_on_commit_callbacks() as callbacks:
        thread_move(
            thread=thread,
            by=moderator,
            reason="members only",
            category=CategoryFactory(),
        )
    assert list(thread.events.values_list("kind", flat=True)) == ["thread.moved"]
    assert callbacks
