import pytest

from forum import privacy
from forum.models import Post, PostStatus, Reaction, ReadState, Thread, ThreadEvent
from forum.services import post_create, post_edit, reaction_toggle, thread_create
from forum.views import _quote_markdown

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(member, other_member, category):
    """member starts a thread, replies, edits, reacts; other_member quotes and mentions."""
    thread = thread_create(
        category=category, by=member, title="My story", body="Private words", tags="x"
    )
    first = thread.posts.get()
    reply = post_create(thread=thread, by=other_member, body="Welcome")
    reaction_toggle(post=reply, by=member, kind="thanks")
    post_edit(post=first, by=member, body="Private words, edited", expected_version=1)
    first.refresh_from_db()
    quoting = post_create(
        thread=thread,
        by=other_member,
        body=_quote_markdown(first) + "Thanks @member_one for sharing.",
    )
    return thread, first, reply, quoting


def test_export_has_posts_revisions_reactions_and_read_state(member, history):
    data = privacy.export_user_data(member)
    assert [t["title"] for t in data["threads_started"]] == ["My story"]
    assert data["posts"][0]["body"] == "Private words, edited"
    assert data["post_revisions"][0]["body"] == "Private words"
    assert data["reactions"][0]["kind"] == "thanks"
    assert data["read_state"][0]["last_read_post_number"] == 1


def test_erasure_removing_posts_reaches_quotes_mentions_and_events(
    member, other_member, history
):
    thread, first, reply, quoting = history
    privacy.erase_user_data(member, keep_posts=False)
    first.refresh_from_db()
    assert (first.status, first.body, first.author) == (PostStatus.DELETED, "", None)
    assert not first.revisions.exists()
    quoting.refresh_from_db()
    assert "Private words" not in quoting.body
    assert "Private words" not in quoting.body_html
    assert "member_one" not in quoting.body + quoting.body_html
    assert "Quote removed" in quoting.body
    reply.refresh_from_db()
    assert reply.reaction_counts == {}
    assert not Reaction.objects.filter(user=member).exists()
    assert not ReadState.objects.filter(user=member).exists()
    thread.refresh_from_db()
    assert (thread.title, thread.author, list(thread.tags.names())) == (
        "Removed thread",
        None,
        [],
    )
    for event in ThreadEvent.objects.filter(thread=thread):
        assert "Private words" not in str(event.payload)
        assert "member_one" not in str(event.payload)
    thread.category.refresh_from_db()
    assert thread.post_count == 2


def test_erasure_keeping_posts_anonymises_them(member, other_member, history):
    thread, first, reply, quoting = history
    privacy.erase_user_data(member, keep_posts=True)
    first.refresh_from_db()
    assert (first.status, first.body, first.author) == (
        PostStatus.PUBLISHED,
        "Private words, edited",
        None,
    )
    quoting.refresh_from_db()
    assert "member_one" not in quoting.body + quoting.body_html
    assert "deleted member wrote (#1)" in quoting.body
    assert Thread.objects.get(pk=thread.pk).title == "My story"
    for event in ThreadEvent.objects.filter(thread=thread):
        assert "member_one" not in str(event.payload)
    assert Post.objects.filter(author=member).count() == 0
