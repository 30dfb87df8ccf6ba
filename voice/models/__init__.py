"""Position statements (statements.py) and recovery stories (stories.py)."""

from voice.models.stories import (  # noqa: F401
    STORY_CONSENT_VERSION,
    Story,
    StoryArea,
    StoryAreaTag,
    StorySignature,
    StoryState,
)
