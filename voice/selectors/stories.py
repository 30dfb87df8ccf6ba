"""Reads of recovery stories. The public only ever sees published ones."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_member
from core.errors import NotFound
from voice.models import Story, StoryAreaTag, StoryState

FEED_SIZE = 30


class StoryGone(NotFound):
    """The story was withdrawn by its author: its address answers 410 Gone."""


@dataclass(frozen=True)
class StoryFilters:
    area: str = ""
    country: str = ""
    language: str = ""


def _with_display(stories: QuerySet[Story]) -> QuerySet[Story]:
    return stories.select_related("author").prefetch_related(
        Prefetch("areas", queryset=StoryAreaTag.objects.order_by("area"))
    )


def stories_visible() -> QuerySet[Story]:
    """Published stories: the only ones any page, feed or statement may show.

    A withdrawn, rejected or waiting story is never among them, so code that shows
    stories elsewhere (a published statement) filters through this.
    """
    return Story.objects.filter(state=StoryState.PUBLISHED)


def stories_published(*, filters: StoryFilters) -> QuerySet[Story]:
    """Published stories, newest first, narrowed by area, country and language."""
    stories = stories_visible()
    if filters.area:
        stories = stories.filter(areas__area=filters.area)
    if filters.country:
        stories = stories.filter(country=filters.country)
    if filters.language:
        stories = stories.filter(language=filters.language)
    return _with_display(stories).order_by("-published_at", "-pk")


def stories_for_feed() -> list[Story]:
    return list(stories_published(filters=StoryFilters())[:FEED_SIZE])


def story_public_get(*, pk: int) -> Story:
    """A published story; StoryGone once withdrawn, NotFound otherwise."""
    story = _with_display(Story.objects.filter(pk=pk)).first()
    if story is not None and story.state == StoryState.WITHDRAWN:
        raise StoryGone(_("This story was withdrawn by its author."))
    if story is None or story.state != StoryState.PUBLISHED:
        raise NotFound(_("No such story."))
    return story


def stories_own(*, viewer: User) -> QuerySet[Story]:
    """The viewer's own stories, every state, newest first."""
    if not is_member(viewer):
        raise NotFound(_("Log in to see your stories."))
    return _with_display(Story.objects.filter(author=viewer)).order_by(
        "-created_at", "-pk"
    )


def story_own_get(*, pk: int, viewer: User) -> Story:
    story = stories_own(viewer=viewer).filter(pk=pk).first()
    if story is None:
        raise NotFound(_("No such story."))
    return story


def stories_pending() -> list[Story]:
    """Stories waiting for a moderator, oldest first (core.review's `pending`)."""
    return list(
        _with_display(Story.objects.filter(state=StoryState.PENDING)).order_by(
            "created_at", "pk"
        )
    )


def story_described(story: Story) -> str:
    """How the author's notice of a review decision names their story."""
    return _("Your story “%(title)s”") % {"title": story.title}
