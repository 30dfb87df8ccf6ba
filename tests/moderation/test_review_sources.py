"""The approval queue's part for other apps' items (core.review), tried with a story."""

import pytest
from channels.db import database_sync_to_async

from moderation.services import review_decide
from tests.factories import UserFactory
from tests.moderation.conftest import receive_json
from voice.models import StoryArea
from voice.services.stories import story_submit


def _story(author, title="A story to review"):
    return story_submit(
        by=author,
        title=title,
        body="Recovery is *possible*.",
        areas=[StoryArea.HEALTH],
        language="en",
        signature="anonymous",
        has_consented=True,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 20])
def test_the_approval_page_lists_waiting_stories_in_fixed_queries(
    client, moderator, django_assert_max_num_queries, size
):
    for number in range(size):
        _story(UserFactory(), title=f"Waiting story {number}")
    client.force_login(moderator)
    with django_assert_max_num_queries(6):
        response = client.get("/moderation/approval/")
    assert response.status_code == 200
    assert response.text.count('data-review-id="review-voice-story-') == size


@pytest.mark.django_db
def test_members_do_not_see_waiting_stories(client, member):
    _story(UserFactory(), title="Private until reviewed")
    client.force_login(member)
    response = client.get("/moderation/approval/")
    assert response.status_code == 403
    assert "Private until reviewed" not in response.text


@pytest.mark.django_db(transaction=True)
async def test_the_live_queue_hears_a_story_decided(queue_socket, moderator):
    socket = await queue_socket(user=moderator)
    assert await receive_json(socket) == {"type": "ready"}
    story = await database_sync_to_async(_story)(
        await database_sync_to_async(UserFactory)()
    )
    await database_sync_to_async(review_decide)(
        kind="voice.story", pk=story.pk, by=moderator, approve=True, reason=""
    )
    assert await receive_json(socket) == {
        "type": "review.decided",
        "review": {
            "kind": "voice.story",
            "id": story.pk,
            "element": f"review-voice-story-{story.pk}",
        },
    }
