"""The exchange's part of data export and erasure (see accounts.services.privacy).

Write-ups belong to their organisation, so erasure keeps them and forgets who wrote or
edited them. Implementation experiences are the member's replies: they follow the
member's choice for their posts.
"""

from typing import Any

from accounts.models import User
from exchange.models import ImplementationExperience, Practice, PracticeRevision


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_user_data(user: User) -> dict[str, Any]:
    return {
        "write_ups_created": [
            {
                "title": practice.title,
                "organisation": practice.organisation.name,
                "status": practice.status,
                "created_at": _iso(practice.created_at),
                "url": practice.get_absolute_url(),
            }
            for practice in Practice.objects.filter(created_by=user).select_related(
                "organisation"
            )
        ],
        "write_up_revisions": [
            {
                "write_up": revision.practice.title,
                "version": revision.version,
                "changed_fields": revision.changed_fields,
                "created_at": _iso(revision.created_at),
            }
            for revision in PracticeRevision.objects.filter(
                edited_by=user
            ).select_related("practice")
        ],
        "implementation_experiences": [
            {
                "write_up": experience.practice.title,
                "organisation": experience.organisation.name,
                "country": experience.country,
                "period": experience.period,
                "adapted": experience.adapted,
                "results": experience.results,
                "recommendation": experience.recommendation,
                "created_at": _iso(experience.created_at),
            }
            for experience in ImplementationExperience.objects.filter(
                author=user
            ).select_related("practice", "organisation")
        ],
    }


def erase_user_data(user: User, *, keep_posts: bool) -> None:
    Practice.objects.filter(created_by=user).update(created_by=None)
    PracticeRevision.objects.filter(edited_by=user).update(edited_by=None)
    experiences = ImplementationExperience.objects.filter(author=user)
    if keep_posts:
        experiences.update(author=None)
    else:
        experiences.delete()
