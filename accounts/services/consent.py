"""Consent records (GDPR Art. 7): what a member agreed to or withdrew, with the version
and the time. Records are only ever added; settings show the history."""

from django.conf import settings

from accounts.models import ConsentKind, ConsentRecord, User


def consent_record(
    *, user: User, kind: str, is_given: bool, version: str = ""
) -> ConsentRecord:
    """Add one record. Call it inside the transaction that changes the choice."""
    if kind not in ConsentKind.values:
        raise ValueError(f"unknown consent kind {kind!r}")
    return ConsentRecord.objects.create(
        user=user, kind=kind, version=version[:40], is_given=is_given
    )


def consent_latest(*, user: User, kind: str) -> ConsentRecord | None:
    return ConsentRecord.objects.filter(user=user, kind=kind).first()


def consent_changes_record(*, user: User, before: dict, after: dict) -> None:
    """Record each optional choice that changed between two settings snapshots."""
    for kind in (
        ConsentKind.EMAIL,
        ConsentKind.SHOW_ORGANISATIONS,
        ConsentKind.NAME_WHEN_TYPING,
    ):
        if before.get(kind) != after.get(kind):
            consent_record(user=user, kind=kind, is_given=bool(after.get(kind)))
    visibility = ConsentKind.PROFILE_VISIBILITY
    if before.get(visibility) != after.get(visibility):
        consent_record(
            user=user,
            kind=visibility,
            version=after[visibility],
            is_given=after[visibility] != "private",
        )


def guidelines_current(user: User) -> bool:
    """Whether `user` accepted the guidelines' current version."""
    return user.guidelines_version == settings.GUIDELINES_VERSION
