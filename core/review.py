"""Items that wait for a moderator before anyone else sees them, from apps that the
moderation app may not import (voice's stories and testimonies).

The owning app registers a `ReviewSource` in its `AppConfig.ready()`; moderation lists
every source's pending items in its approval queue and calls `decide` with the
moderator's verdict. `decide` is the owning app's service: it checks permission itself
and is the only code that changes the item.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from core.errors import NotFound


@dataclass(frozen=True)
class ReviewSource:
    """One kind of reviewable item."""

    kind: str  # stable key used in URLs and the audit log, e.g. "voice.story"
    label: Any  # lazily translated plural name shown as the queue's heading
    pending: Callable[[], Sequence[Any]]  # items waiting, oldest first; each has .pk
    # decide(pk=..., by=moderator, approve=bool, reason=str) -> the item; raises
    # PermissionDenied for a non-moderator and NotFound for an item no longer waiting.
    decide: Callable[..., Any]
    template: str  # renders one item in the queue; context: `item`, `source`
    # describe(item) -> how the author's notice of the decision names the item (e.g.
    # 'Your story "Back at work"'); called in the author's language. None: unnamed.
    describe: Callable[[Any], str] | None = None


_sources: dict[str, ReviewSource] = {}


def review_source_register(source: ReviewSource) -> None:
    """Add a kind of reviewable item (called from the owning app's ready())."""
    _sources[source.kind] = source


def review_sources() -> list[ReviewSource]:
    """Every registered kind, in registration order."""
    return list(_sources.values())


def review_source(kind: str) -> ReviewSource:
    """The registered source for `kind`, or NotFound."""
    try:
        return _sources[kind]
    except KeyError:
        raise NotFound(f"No review queue for {kind!r}.") from None
