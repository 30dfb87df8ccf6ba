import pytest

from tests.factories import CategoryFactory, PostFactory, ThreadFactory


@pytest.fixture
def category(db):
    return CategoryFactory(slug="general", name="General")


@pytest.fixture
def members_category(db):
    return CategoryFactory(slug="inner", name="Inner circle", visibility="members")


@pytest.fixture
def settle_first_posts(settings):
    """Publish at once: the first-posts approval rule is the moderation issue's to test."""
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0


@pytest.fixture
def thread_with_replies(db, category):
    def make(count: int, **kwargs):
        thread = ThreadFactory(category=category, **kwargs)
        PostFactory.reset_sequence(0)
        posts = PostFactory.build_batch(count, thread=thread)
        for number, post in enumerate(posts, start=2):
            post.number = number
        from forum.models import Post, Thread

        Post.objects.bulk_create(posts)
        total = count + 1
        Thread.objects.filter(pk=thread.pk).update(
            post_count=total, last_post_number=total
        )
        thread.refresh_from_db()
        return thread

    return make
