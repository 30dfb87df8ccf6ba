import pytest

from forum.services import reaction_toggle
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db


def test_a_reaction_records_the_new_counts_for_live_pages(
    member, other_member, moderator, django_capture_on_commit_callbacks
):
    thread = ThreadFactory(author=member)
    post = thread.posts.get()
    with django_capture_on_commit_callbacks() as callbacks:
        reaction_toggle(post=post, by=other_member, kind="support")
        reaction_toggle(post=post, by=moderator, kind="support")
        reaction_toggle(post=post, by=other_member, kind="support")
    recorded = list(thread.events.values_list("seq", "kind", "payload"))
    # Counts only: nothing says who reacted.
    assert recorded == [
        (1, "post.reactions", {"post": {"id": post.pk, "reactions": {"support": 1}}}),
        (2, "post.reactions", {"post": {"id": post.pk, "reactions": {"support": 2}}}),
        (3, "post.reactions", {"post": {"id": post.pk, "reactions": {"support": 1}}}),
    ]
    # Three events, and the author's bell woken for each reaction given and for the one
    # taken back (the unread row counts one less).
    assert len(callbacks) == 6
