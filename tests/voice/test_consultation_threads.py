"""Consultation threads are opened by the app for staff: published at once, unlisted."""

import pytest

from accounts.models import Notification
from forum.models import Category, PostStatus
from forum.services import post_create
from voice.services.statements import STATEMENTS_CATEGORY_SLUG, statement_move

pytestmark = pytest.mark.django_db


def test_a_new_staff_members_consultation_threads_are_published_at_once(
    statement_factory, client, settings
):
    # The staff member has never posted: a member's first posts would wait for approval.
    settings.FIRST_POSTS_NEEDING_APPROVAL = 2
    statement = statement_factory(status="consultation")
    paragraphs = list(statement.paragraphs.select_related("thread"))
    assert len(paragraphs) == 3
    for paragraph in paragraphs:
        assert paragraph.thread.posts.get().status == PostStatus.PUBLISHED
        assert paragraph.thread.post_count == 1
    page = client.get(paragraphs[0].get_absolute_url()).content.decode()
    assert "Comments on paragraph 1" in page


def test_a_long_statement_opens_every_thread_past_the_hourly_thread_limit(
    statement_factory, settings
):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    body = "\n\n".join(f"Paragraph number {n} of the text." for n in range(1, 13))
    statement = statement_factory(status="consultation", body=body)
    assert statement.paragraphs.filter(thread__isnull=False).count() == 12


def test_a_new_members_comment_on_a_paragraph_still_waits_for_approval(
    statement_factory, member, settings
):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 2
    statement = statement_factory(status="consultation")
    thread = statement.paragraphs.first().thread
    reply = post_create(thread=thread, by=member, body="I agree with this paragraph.")
    assert reply.status == PostStatus.PENDING


def test_the_consultation_category_is_not_listed_on_the_forum(
    statement_factory, client, member, settings
):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    statement_factory(status="consultation")
    category = Category.objects.get(slug=STATEMENTS_CATEGORY_SLUG)
    assert category.is_app_owned
    for viewer in (None, member):
        if viewer:
            client.force_login(viewer)
        home = client.get("/").content.decode()
        listed = home.split('class="category-list"')[1].split("</ul>")[0]
        assert f"/c/{STATEMENTS_CATEGORY_SLUG}/" not in listed


def test_members_who_watch_a_paragraph_are_told_when_the_statement_is_published(
    statement_factory, member, settings
):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    statement = statement_factory(status="consultation")
    paragraph = statement.paragraphs.select_related("thread").first()
    # Commenting makes the member watch the paragraph's thread.
    post_create(thread=paragraph.thread, by=member, body="This matches my experience.")
    staff = statement.created_by
    statement = statement_move(statement=statement, by=staff, to_status="endorsement")
    assert not Notification.objects.filter(user=member, kind="voice.statement").exists()
    statement_move(statement=statement, by=staff, to_status="published")
    notification = Notification.objects.get(user=member, kind="voice.statement")
    assert "is published" in notification.text
