"""Reads of position statements, filtered by viewer (drafts and withdrawn ones are
network staff's only)."""

import difflib
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.countries import country_name
from accounts.models import MembershipRole, Organisation, User
from accounts.permissions import is_member, is_network_staff
from core.errors import NotFound
from voice.models import (
    Amendment,
    AmendmentStatus,
    CoSignature,
    Endorsement,
    Paragraph,
    Statement,
    StatementRevision,
    StatementStatus,
    Testimony,
    TestimonyStatus,
)

PUBLIC_STATUSES = (
    StatementStatus.CONSULTATION,
    StatementStatus.ENDORSEMENT,
    StatementStatus.PUBLISHED,
)


def statements_visible(*, viewer: User | None) -> QuerySet[Statement]:
    statements = Statement.objects.all()
    if not is_network_staff(viewer):
        statements = statements.filter(status__in=PUBLIC_STATUSES)
    return statements


def statement_list(*, viewer: User | None) -> list[Statement]:
    """Every statement the viewer may see, with endorsement counts, newest first."""
    return list(
        statements_visible(viewer=viewer)
        .annotate(endorsement_count=Count("endorsements", distinct=True))
        .order_by("-updated_at", "-pk")
    )


def statement_get(*, slug: str, viewer: User | None) -> Statement:
    """The statement; NotFound when missing or not (yet) public for this viewer."""
    statement = (
        statements_visible(viewer=viewer)
        .select_related("translation_of")
        .filter(slug=slug)
        .first()
    )
    if statement is None:
        raise NotFound(_("No such statement."))
    return statement


def statements_for_feed(*, limit: int = 50) -> list[Statement]:
    return list(
        Statement.objects.filter(status=StatementStatus.PUBLISHED).order_by(
            "-published_at"
        )[:limit]
    )


@dataclass
class CountryGroup:
    country: str
    name: str
    endorsements: list[Endorsement]

    @property
    def count(self) -> int:
        return len(self.endorsements)


@dataclass
class StatementPage:
    statement: Statement
    paragraphs: list[Paragraph]
    endorsements: list[Endorsement]
    countries: list[CountryGroup]
    cosignature_count: int
    named_cosigners: list[str]
    testimonies: list[Testimony]
    own_testimonies: list[Testimony]
    evidence: list
    corrections: list[StatementRevision]
    translations: list[Statement]
    events: list = field(default_factory=list)
    own_cosignature: CoSignature | None = None
    pending_testimonies: list[Testimony] = field(default_factory=list)


def _with_counts(paragraphs: QuerySet[Paragraph]) -> list[Paragraph]:
    return list(
        paragraphs.select_related("thread").annotate(
            amendment_count=Count("amendments", distinct=True),
            pending_amendment_count=Count(
                "amendments",
                filter=Q(amendments__status=AmendmentStatus.PENDING),
                distinct=True,
            ),
        )
    )


def endorsements_of(statement: Statement) -> list[Endorsement]:
    return list(
        Endorsement.objects.filter(statement_id=statement.endorsed_statement_id)
        .select_related("organisation")
        .order_by("organisation__country", "organisation__name")
    )


def statement_page(*, statement: Statement, viewer: User | None) -> StatementPage:
    """Everything the statement page shows, in a fixed number of queries."""
    root_id = statement.endorsed_statement_id
    endorsements = endorsements_of(statement)
    countries = [
        CountryGroup(country=code, name=country_name(code), endorsements=list(group))
        for code, group in groupby(endorsements, key=lambda e: e.organisation.country)
    ]
    cosignatures = CoSignature.objects.filter(statement_id=root_id)
    testimonies = Testimony.objects.filter(
        statement=statement, status=TestimonyStatus.APPROVED
    )
    if statement.is_published:
        testimonies = testimonies.filter(is_chosen=True)
    staff = is_network_staff(viewer)
    page = StatementPage(
        statement=statement,
        paragraphs=_with_counts(statement.paragraphs.all()),
        endorsements=endorsements,
        countries=countries,
        cosignature_count=cosignatures.count(),
        named_cosigners=list(
            cosignatures.filter(show_username=True, user__is_active=True)
            .order_by("user__username")
            .values_list("user__username", flat=True)
        ),
        testimonies=list(testimonies),
        own_testimonies=list(
            Testimony.objects.filter(statement=statement, author=viewer)
            if is_member(viewer)
            else []
        ),
        evidence=list(statement.evidence.all()),
        corrections=list(statement.revisions.filter(is_correction=True)),
        translations=list(
            Statement.objects.filter(
                Q(translation_of_id=root_id) | Q(pk=root_id),
                status__in=PUBLIC_STATUSES,
            ).exclude(pk=statement.pk)
        ),
    )
    if is_member(viewer):
        page.own_cosignature = cosignatures.filter(user=viewer).first()
    if staff:
        page.events = list(statement.events.select_related("actor"))
        # Staff choose among every approved testimony, chosen or not.
        page.testimonies = list(
            Testimony.objects.filter(
                statement=statement, status=TestimonyStatus.APPROVED
            )
        )
    return page


def paragraph_get(*, statement: Statement, key: str) -> Paragraph:
    paragraph = (
        statement.paragraphs.select_related("thread__category").filter(key=key).first()
    )
    if paragraph is None:
        raise NotFound(_("No such paragraph."))
    return paragraph


def paragraph_amendments(*, paragraph: Paragraph) -> list[Amendment]:
    return list(
        Amendment.objects.filter(paragraph=paragraph).select_related("organisation")
    )


def endorsing_organisations(
    *, viewer: User | None, statement: Statement
) -> QuerySet[Organisation]:
    """The verified organisations the viewer edits that have not endorsed yet."""
    if not is_member(viewer):
        return Organisation.objects.none()
    organisations = Organisation.objects.filter(is_verified=True)
    if not viewer.is_superuser:
        organisations = organisations.filter(
            memberships__user=viewer, memberships__role=MembershipRole.EDITOR
        )
    return organisations.exclude(
        endorsements__statement_id=statement.endorsed_statement_id
    ).distinct()


def editor_organisations(*, viewer: User | None) -> QuerySet[Organisation]:
    """Verified organisations the viewer may act for (amendments, endorsements)."""
    if not is_member(viewer):
        return Organisation.objects.none()
    organisations = Organisation.objects.filter(is_verified=True)
    if viewer.is_superuser:
        return organisations
    return organisations.filter(
        memberships__user=viewer, memberships__role=MembershipRole.EDITOR
    ).distinct()


def own_endorsements(*, viewer: User | None, statement: Statement) -> list[Endorsement]:
    """Endorsements the viewer may withdraw (those of organisations they edit)."""
    mine = set(editor_organisations(viewer=viewer).values_list("pk", flat=True))
    return [e for e in endorsements_of(statement) if e.organisation_id in mine]


def revisions_of(*, statement: Statement) -> list[StatementRevision]:
    return list(statement.revisions.select_related("created_by"))


def revision_get(*, statement: Statement, number: int) -> StatementRevision:
    revision = statement.revisions.filter(number=number).first()
    if revision is None:
        raise NotFound(_("No such revision."))
    return revision


@dataclass
class DiffLine:
    kind: str  # "same", "added", "removed"
    key: str
    text: str


def revision_diff(*, old: StatementRevision, new: StatementRevision) -> list[DiffLine]:
    """Paragraph by paragraph, what changed from `old` to `new`. Plain text: the
    template escapes it."""
    a = [f"{key}\x00{text}" for key, text in old.paragraphs]
    b = [f"{key}\x00{text}" for key, text in new.paragraphs]
    lines = []
    for line in difflib.ndiff(a, b):
        tag, body = line[:2], line[2:]
        if tag == "? ":
            continue
        key, _sep, text = body.partition("\x00")
        kind = {"  ": "same", "+ ": "added", "- ": "removed"}[tag]
        lines.append(DiffLine(kind=kind, key=key, text=text))
    if old.title != new.title:
        lines.insert(0, DiffLine(kind="added", key=_("title"), text=new.title))
        lines.insert(0, DiffLine(kind="removed", key=_("title"), text=old.title))
    return lines


def testimonies_pending() -> list[Testimony]:
    """Testimonies waiting for a moderator, oldest first (the review registry)."""
    return list(
        Testimony.objects.filter(status=TestimonyStatus.PENDING)
        .select_related("statement")
        .order_by("created_at", "pk")
    )


def testimony_described(testimony: Testimony) -> str:
    """How the author's notice of a review decision names their testimony."""
    return _("Your testimony on “%(title)s”") % {"title": testimony.statement.title}
