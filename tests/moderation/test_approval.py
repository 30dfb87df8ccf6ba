import pytest
from django.core.exceptions import ValidationError

from forum.models import PostStatus
from forum.services import post_create, thread_create
from moderation.models import (
    Action,
    ApprovalItem,
    ApprovalState,
    AuditEntry,
    HoldReason,
)
from moderation.services import approval_approve, approval_reject
from tests.factories import CategoryFactory, ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(db):
    return ThreadFactory()


def test_a_new_members_first_posts_wait_for_approval(thread, member, settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 2
    first = post_create(thread=thread, by=member, body="Hello, I am new.")
    assert first.status == PostStatus.PENDING
    assert ApprovalItem.objects.get(post=first).reasons == [HoldReason.FIRST_POSTS]
    ApprovalItem.objects.filter(post=first).update(state=ApprovalState.APPROVED)
    first.status = PostStatus.PUBLISHED
    first.save()
    second = post_create(thread=thread, by=member, body="Second post.")
    assert second.status == PostStatus.PENDING
    second.status = PostStatus.PUBLISHED
    second.save()
    third = post_create(thread=thread, by=member, body="Third post.")
    assert third.status == PostStatus.PUBLISHED


def test_every_post_in_a_pre_moderated_category_waits(member, settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    category = CategoryFactory(is_pre_moderated=True)
    thread = thread_create(
        category=category, by=member, title="Hi", body="First words."
    )
    post = thread.posts.get()
    assert post.status == PostStatus.PENDING
    assert ApprovalItem.objects.get(post=post).reasons == [HoldReason.PRE_MODERATED]


def test_approving_publishes_with_its_live_event_and_counters(
    thread, member, moderator
):
    post = post_create(thread=thread, by=member, body="Hello, I am new.")
    thread.refresh_from_db()
    assert thread.post_count == 1
    approval_approve(item=post.approval, by=moderator, reason="Welcome.")
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert thread.post_count == 2
    assert thread.events.filter(kind="post.created", payload__post__id=post.pk).exists()
    assert AuditEntry.objects.get().action == Action.POST_APPROVE


def test_edit_and_approve_keeps_a_revision(thread, member, moderator):
    post = post_create(thread=thread, by=member, body="Call 333 1234567")
    approval_approve(
        item=post.approval, by=moderator, reason="Removed the number.", body="Call me."
    )
    post.refresh_from_db()
    assert post.body == "Call me."
    assert post.revisions.get().body == "Call 333 1234567"
    assert AuditEntry.objects.get().action == Action.POST_EDIT_APPROVE


def test_rejecting_needs_a_reason_and_hides_the_post_for_good(
    thread, member, moderator
):
    post = post_create(thread=thread, by=member, body="Selling.")
    with pytest.raises(ValidationError):
        approval_reject(
            item=post.approval, by=moderator, reason="", guideline="no_spam"
        )
    approval_reject(
        item=post.approval, by=moderator, reason="Advertising.", guideline="no_spam"
    )
    post.refresh_from_db()
    assert post.status == PostStatus.REJECTED
    assert post.approval.state == ApprovalState.REJECTED


def test_a_post_is_decided_once(thread, member, moderator, second_moderator):
    post = post_create(thread=thread, by=member, body="Hello.")
    approval_approve(item=post.approval, by=moderator, reason="Fine.")
    with pytest.raises(ValidationError):
        approval_reject(
            item=post.approval, by=second_moderator, reason="No.", guideline="no_spam"
        )


def test_the_author_sees_waiting_for_approval_on_their_own_post(client, thread, member):
    post_create(thread=thread, by=member, body="Hello, I am new.")
    client.force_login(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Waiting for approval" in page


def test_approval_page_approves_through_the_form(client, thread, member, moderator):
    post = post_create(thread=thread, by=member, body="Hello.")
    client.force_login(moderator)
    page = client.get("/moderation/approval/")
    assert "Hello." in page.content.decode()
    response = client.post(
        f"/moderation/approval/{post.approval.pk}/",
        {
            f"a{post.approval.pk}-decision": "approve",
            f"a{post.approval.pk}-body": "Hello.",
            f"a{post.approval.pk}-guideline": "none",
            f"a{post.approval.pk}-reason": "",
        },
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED


def test_approval_queue_page_runs_a_fixed_number_of_queries(
    client, moderator, django_assert_max_num_queries, make_post
):
    for index in range(6):
        post = make_post(body=f"Held {index}")
        post.status = PostStatus.PENDING
        post.save()
        ApprovalItem.objects.create(post=post, reasons=["first_posts"])
    client.force_login(moderator)
    with django_assert_max_num_queries(10):
        assert client.get("/moderation/approval/").status_code == 200


def test_edit_and_approve_records_the_guideline(thread, member, moderator):
    from moderation.models import Statement

    post = post_create(thread=thread, by=member, body="Call 333 1234567")
    entry = approval_approve(
        item=post.approval,
        by=moderator,
        reason="Removed the phone number.",
        guideline="privacy",
        body="Call me.",
    )
    assert (entry.action, entry.guideline) == (Action.POST_EDIT_APPROVE, "privacy")
    assert Statement.objects.get(user=member).guideline == "privacy"


def test_plain_approval_without_a_reason_says_the_post_is_fine(
    thread, member, moderator
):
    post = post_create(thread=thread, by=member, body="Hello, I am new.")
    entry = approval_approve(
        item=post.approval, by=moderator, reason="", body="Hello, I am new."
    )
    assert entry.action == Action.POST_APPROVE
    assert entry.reason == "The post meets the community guidelines."


def test_approval_form_passes_the_guideline_and_keeps_an_edit_without_reason(
    client, thread, member, moderator
):
    post = post_create(thread=thread, by=member, body="Call 333 1234567")
    item = post.approval
    client.force_login(moderator)
    url = f"/moderation/approval/{item.pk}/"
    data = {
        f"a{item.pk}-decision": "approve",
        f"a{item.pk}-body": "Call me, edited by a moderator.",
        f"a{item.pk}-guideline": "privacy",
        f"a{item.pk}-reason": "",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Call me, edited by a moderator." in response.content.decode()
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING
    response = client.post(url, {**data, f"a{item.pk}-reason": "No phone numbers."})
    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert (entry.guideline, entry.reason) == ("privacy", "No phone numbers.")
