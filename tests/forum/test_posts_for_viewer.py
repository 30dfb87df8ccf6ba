import pytest
from django.contrib.auth.models import AnonymousUser

from forum.models import Reaction
from forum.selectors import posts_for_viewer, thread_page
from tests.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def test_each_viewer_gets_their_own_flags_without_a_query(
    member, other_member, django_assert_num_queries
):
    thread = ThreadFactory(author=member, content_warning="self_harm")
    reply = PostFactory(
        thread=thread, number=2, author=other_member, reaction_counts={"thanks": 2}
    )
    Reaction.objects.create(post=reply, user=member, kind="thanks")
    posts = thread_page(thread=thread, viewer=member, page=1)

    with django_assert_num_queries(0):
        assert posts_for_viewer(posts, thread=thread, viewer=member) is posts

    first, second = posts
    assert (first.is_own, first.can_react) == (True, False)
    assert (second.is_own, second.can_react) == (False, True)
    assert first.content_warning and not second.content_warning
    thanks = next(row for row in second.reaction_rows if row["kind"] == "thanks")
    assert (thanks["count"], thanks["given"]) == (2, True)


def test_an_anonymous_reader_may_not_react():
    thread = ThreadFactory()
    posts = thread_page(thread=thread, viewer=AnonymousUser(), page=1)
    posts_for_viewer(posts, thread=thread, viewer=AnonymousUser())
    assert (posts[0].is_own, posts[0].can_react) == (False, False)


def test_the_thread_page_renders_prototype_posts_for_its_viewer(client, member):
    thread = ThreadFactory()
    url = thread.get_absolute_url() + "?page=1"
    page = client.get(url).content.decode()
    assert 'id="post-template-other"' in page
    assert 'id="post-template-own"' not in page
    assert "reaction-form" not in page

    client.force_login(member)
    page = client.get(url).content.decode()
    own = page.split('id="post-template-own"', 1)[1].split("</template>", 1)[0]
    other = page.split('id="post-template-other"', 1)[1].split("</template>", 1)[0]
    assert "/edit/" in own and "/flag/" not in own and "reaction-form" not in own
    assert "/edit/" not in other and "/flag/" in other and "reaction-form" in other
