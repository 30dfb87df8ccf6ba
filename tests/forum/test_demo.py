import io

import pytest
from django.core.management import call_command

from accounts.models import Notification
from forum import demo
from forum.models import Category, Post, Thread

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_counts_are_right():
    demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    assert Category.objects.count() == len(demo.CATEGORIES)
    assert Thread.objects.count() == len(demo.THREADS)
    for thread in Thread.objects.all():
        assert thread.post_count == thread.posts.count() == thread.last_post_number
    assert Thread.objects.exclude(content_warning="").exists()
    assert Category.objects.filter(visibility="members").exists()
    assert Category.objects.filter(is_pre_moderated=True).exists()


def test_seed_bench_builds_the_data_set_once():
    call_command("seed_bench", stdout=io.StringIO())
    call_command("seed_bench", stdout=io.StringIO())
    category = Category.objects.get(slug="bench")
    assert category.thread_count == 200
    first = Thread.objects.filter(category=category).order_by("pk").first()
    assert first.post_count == 1_001
    body = Post.objects.filter(thread=first).first().body
    assert 350 <= len(body) <= 500


def test_demo_member_finds_unread_notifications_once():
    demo.seed(stdout=io.StringIO())
    count = Notification.objects.filter(user__username="demo_member").count()
    demo.seed(stdout=io.StringIO())
    assert count > 0
    assert (
        Notification.objects.filter(
            user__username="demo_member", read_at__isnull=True
        ).count()
        == count
    )
