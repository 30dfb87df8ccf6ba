import pytest

from moderation.services import review_decide
from voice.models import StoryArea, StorySignature
from voice.services.stories import story_submit


@pytest.fixture
def submit_story(db):
    """`submit_story(by, **fields)`: a story sent for review, as the form would send it."""

    def submit(by, **fields):
        values = {
            "title": "Back at work after ten years",
            "body": "It took time, and *people* who believed in me.",
            "areas": [StoryArea.EMPLOYMENT],
            "language": "en",
            "signature": StorySignature.ANONYMOUS,
            "has_consented": True,
            **fields,
        }
        return story_submit(by=by, **values)

    return submit


@pytest.fixture
def publish(moderator):
    """`publish(story)`: a moderator approves it through the approval queue's service."""

    def approve(story):
        review_decide(
            kind="voice.story", pk=story.pk, by=moderator, approve=True, reason=""
        )
        story.refresh_from_db()
        return story

    return approve
