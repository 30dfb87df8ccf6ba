import pytest
from channels.db import database_sync_to_async

from forum.services import post_create
from moderation.models import ApprovalItem
from moderation.services import approval_approve
from tests.factories import ThreadFactory, UserFactory
from tests.moderation.conftest import receive_json


@database_sync_to_async
def held_post(settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 2
    post = post_create(
        thread=ThreadFactory(), by=UserFactory(), body="Hello, I am new."
    )
    return ApprovalItem.objects.get(post=post)


@pytest.mark.django_db(transaction=True)
async def test_the_live_queue_receives_held_posts_and_decisions(
    queue_socket, moderator, settings
):
    socket = await queue_socket(user=moderator)
    assert await receive_json(socket) == {"type": "ready"}
    item = await held_post(settings)
    event = await receive_json(socket)
    assert event == {
        "type": "approval.queued",
        "approval": {
            "id": item.pk,
            "post": item.post_id,
            "state": "pending",
            "row_url": f"/moderation/approval/{item.pk}/row/",
        },
    }
    await database_sync_to_async(approval_approve)(
        item=item, by=moderator, reason="Welcome."
    )
    event = await receive_json(socket)
    assert event["type"] == "approval.decided"
    assert (event["approval"]["id"], event["approval"]["state"]) == (
        item.pk,
        "approved",
    )


@pytest.fixture
def item(db, settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 2
    post = post_create(thread=ThreadFactory(), by=UserFactory(), body="Hello *all*.")
    return ApprovalItem.objects.get(post=post)


@pytest.mark.django_db
def test_a_moderator_fetches_a_waiting_posts_row(client, moderator, item):
    client.force_login(moderator)
    response = client.get(f"/moderation/approval/{item.pk}/row/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="approval-{item.pk}"')
    assert "<em>all</em>" in html and f"/moderation/approval/{item.pk}/" in html


@pytest.mark.django_db
def test_a_decided_posts_row_is_gone(client, moderator, item):
    approval_approve(item=item, by=moderator, reason="Welcome.")
    client.force_login(moderator)
    assert client.get(f"/moderation/approval/{item.pk}/row/").status_code == 404


@pytest.mark.django_db
def test_a_member_cannot_fetch_a_row(client, member, item):
    client.force_login(member)
    response = client.get(f"/moderation/approval/{item.pk}/row/")
    assert response.status_code == 403
    assert "Hello" not in response.content.decode()


@pytest.mark.django_db
def test_the_approval_page_is_live_with_an_announcement_region(client, moderator, item):
    client.force_login(moderator)
    html = client.get("/moderation/approval/").content.decode()
    assert 'id="approval-list"' in html and 'data-live="1"' in html
    assert 'aria-live="polite"' in html and "js/moderation-queue.js" in html
    assert f'id="approval-{item.pk}"' in html
