"""thread_discussion: another app's page shows a thread's last page through it."""

import pytest

from forum.selectors import thread_discussion

pytestmark = pytest.mark.django_db


def test_no_thread_or_one_the_viewer_may_not_read_is_no_discussion(
    members_category, make_thread
):
    hidden = make_thread(category=members_category, replies=2)
    assert thread_discussion(thread=None, viewer=None) is None
    assert thread_discussion(thread=hidden, viewer=None) is None


def test_discussion_is_the_last_page_with_who_may_reply(member, make_thread):
    thread = make_thread(replies=3)
    anonymous = thread_discussion(thread=thread, viewer=None)
    signed_in = thread_discussion(thread=thread, viewer=member)
    assert [post.number for post in signed_in.posts] == [1, 2, 3, 4]
    assert signed_in.page == 1
    assert signed_in.accepts_replies and not signed_in.reply_refusal
    assert not anonymous.accepts_replies
    # Live posts are built from these: a member's own replies look like their own.
    assert set(signed_in.post_prototypes) == {"other", "own"}
    assert set(anonymous.post_prototypes) == {"other"}
