"""An edit that adds a mention tells that member; the others are not told twice."""

import pytest

from accounts.models import Notification
from forum.models import PostStatus
from forum.services import post_create, post_edit
from tests.factories import CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_edit_notifies_only_the_members_it_adds(member, other_member, make_thread):
    third = UserFactory(username="member_three")
    post = post_create(thread=make_thread(), by=member, body="Thanks @member_two.")
    assert Notification.objects.filter(user=other_member).count() == 1

    post = post_edit(
        post=post,
        by=member,
        body="Thanks @member_two and @member_three.",
        expected_version=post.version,
    )

    assert Notification.objects.filter(user=other_member).count() == 1
    notification = Notification.objects.get(user=third, kind="mention")
    assert notification.url == f"/p/{post.pk}/"
    assert "/u/member_three/" in post.body_html


def test_edit_of_a_held_post_notifies_nobody_yet(member, other_member, make_thread):
    thread = make_thread(category=CategoryFactory(is_pre_moderated=True))
    post = post_create(thread=thread, by=member, body="Hello.")
    assert post.status == PostStatus.PENDING

    post_edit(
        post=post, by=member, body="Hello @member_two.", expected_version=post.version
    )

    assert not Notification.objects.filter(user=other_member).exists()
