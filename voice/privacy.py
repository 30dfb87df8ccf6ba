"""Voice's part of data export and erasure (see accounts.services.privacy).

Recovery stories are special-category data (GDPR Art. 9): export gives them in full,
erasure deletes them, published or not.
"""

from typing import Any

from accounts.models import User
from voice.models import Story
from voice.services.stories import stories_erase


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def stories_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "title": story.title,
            "text": story.body,
            "areas": story.area_values,
            "country": story.country,
            "language": story.language,
            "signature": story.signature,
            "signed_name": story.signed_name,
            "state": story.state,
            "consent_at": _iso(story.consent_at),
            "consent_version": story.consent_version,
            "created_at": _iso(story.created_at),
            "published_at": _iso(story.published_at),
            "withdrawn_at": _iso(story.withdrawn_at),
        }
        for story in Story.objects.filter(author=user).prefetch_related("areas")
    ]


def export_user_data(user: User) -> dict[str, Any]:
    return {"stories": stories_export(user)}


def erase_user_data(user: User, *, keep_posts: bool) -> None:
    # Stories go whatever `keep_posts` says: they are told in the first person, and
    # their author's consent to showing them ends with the account.
    stories_erase(user=user)
