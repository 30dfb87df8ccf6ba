"""Voice's part of data export and erasure (see accounts.services.privacy).

Recovery stories are special-category data (GDPR Art. 9): export gives them in full,
erasure deletes them, published or not. Testimonies and co-signatures are the member's
own too: erasure removes them whatever the member chose for their posts. Statements,
revisions, amendments and endorsements belong to the network or an organisation:
erasure keeps them and forgets who acted.
"""

from typing import Any

from accounts.models import User
from voice.models import (
    Amendment,
    CoSignature,
    Endorsement,
    EvidenceLink,
    Statement,
    StatementEvent,
    StatementRevision,
    Story,
    Testimony,
)
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


def statements_export(user: User) -> dict[str, Any]:
    return {
        "statement_testimonies": [
            {
                "statement": testimony.statement.title,
                "signed_as": testimony.pseudonym,
                "text": testimony.text,
                "status": testimony.status,
                "chosen_for_publication": testimony.is_chosen,
                "created_at": _iso(testimony.created_at),
            }
            for testimony in Testimony.objects.filter(author=user).select_related(
                "statement"
            )
        ],
        "statement_cosignatures": [
            {
                "statement": cosignature.statement.title,
                "username_shown": cosignature.show_username,
                "created_at": _iso(cosignature.created_at),
            }
            for cosignature in CoSignature.objects.filter(user=user).select_related(
                "statement"
            )
        ],
        "statement_amendments": [
            {
                "statement": amendment.statement.title,
                "paragraph": amendment.paragraph_key,
                "organisation": amendment.organisation.name,
                "text": amendment.text,
                "status": amendment.status,
                "created_at": _iso(amendment.created_at),
            }
            for amendment in Amendment.objects.filter(proposed_by=user).select_related(
                "statement", "organisation"
            )
        ],
        "statement_endorsements_made": [
            {
                "statement": endorsement.statement.title,
                "organisation": endorsement.organisation.name,
                "created_at": _iso(endorsement.created_at),
            }
            for endorsement in Endorsement.objects.filter(editor=user).select_related(
                "statement", "organisation"
            )
        ],
    }


def statements_erase(user: User) -> None:
    # Testimonies and co-signatures go whatever `keep_posts` says: they are the member's
    # own voice, not replies others answered.
    Testimony.objects.filter(author=user).delete()
    CoSignature.objects.filter(user=user).delete()
    Amendment.objects.filter(proposed_by=user).update(proposed_by=None)
    Amendment.objects.filter(decided_by=user).update(decided_by=None)
    Testimony.objects.filter(reviewed_by=user).update(reviewed_by=None)
    Endorsement.objects.filter(editor=user).update(editor=None)
    Statement.objects.filter(created_by=user).update(created_by=None)
    StatementRevision.objects.filter(created_by=user).update(created_by=None)
    StatementEvent.objects.filter(actor=user).update(actor=None)
    EvidenceLink.objects.filter(added_by=user).update(added_by=None)


def export_user_data(user: User) -> dict[str, Any]:
    return {"stories": stories_export(user), **statements_export(user)}


def erase_user_data(user: User, *, keep_posts: bool) -> None:
    # Stories go whatever `keep_posts` says: they are told in the first person, and
    # their author's consent to showing them ends with the account.
    stories_erase(user=user)
    statements_erase(user)
