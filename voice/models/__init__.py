"""Position statements (statements.py) and recovery stories (stories.py)."""

from voice.models.statements import (
    Amendment,
    AmendmentStatus,
    CoSignature,
    Endorsement,
    EvidenceKind,
    EvidenceLink,
    Paragraph,
    PolicyArea,
    Statement,
    StatementEvent,
    StatementLanguage,
    StatementRevision,
    StatementStatus,
    Testimony,
    TestimonyStatus,
)

__all__ = [
    "Amendment",
    "AmendmentStatus",
    "CoSignature",
    "Endorsement",
    "EvidenceKind",
    "EvidenceLink",
    "Paragraph",
    "PolicyArea",
    "Statement",
    "StatementEvent",
    "StatementLanguage",
    "StatementRevision",
    "StatementStatus",
    "Testimony",
    "TestimonyStatus",
]
