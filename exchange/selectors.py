"""Every non-trivial read of the practice exchange, filtered by the viewer."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItem

from accounts.models import Membership, MembershipRole, Organisation, User
from accounts.permissions import can_post, is_admin, is_member, is_org_editor
from core.errors import NotFound
from core.languages import LanguageNames, written_languages
from exchange.choices import (
    EXCHANGE_CATEGORY_SLUG,
    FACET_LABELS,
    EvidenceLevel,
    PracticeStatus,
    Readiness,
)
from exchange.filters import (
    MULTI_PARAMS,
    PracticeFilters,
    Sort,
    apply_filters,
)
from exchange.models import (
    ImplementationExperience,
    Practice,
    PracticeFacet,
    PracticeRevision,
)
from forum.models import Post, PostStatus

PRACTICES_PER_PAGE = 20
FEED_LENGTH = 30
MAX_COMPARED = 4
# How many of a too-long compare selection are looked up to show it back.
MAX_SELECTION_SHOWN = 20
MAX_TAG_OPTIONS = 25


def _published_experiences() -> QuerySet[ImplementationExperience]:
    # An experience is shown while its reply in the discussion is published, so a post
    # waiting for approval or hidden by a moderator takes its experience with it.
    return ImplementationExperience.objects.filter(post__status=PostStatus.PUBLISHED)


def _with_details(practices: QuerySet[Practice]) -> QuerySet[Practice]:
    return practices.select_related("organisation", "thread").prefetch_related(
        Prefetch("facets", queryset=PracticeFacet.objects.order_by("kind", "value")),
        "tags",
    )


def _implemented_count() -> Coalesce:
    counts = (
        _published_experiences()
        .filter(practice=OuterRef("pk"))
        .order_by()
        .values("practice")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def _count_implementations(practices: list[Practice]) -> list[Practice]:
    """Set `implemented_count` on each write-up in one query.

    Counted for the listed rows only: as a column subquery, SQLite would compute it for
    every matching row before sorting and cutting the page."""
    if practices:
        counts = dict(
            _published_experiences()
            .filter(practice__in=[practice.pk for practice in practices])
            .order_by()
            .values("practice")
            .annotate(total=Count("pk"))
            .values_list("practice", "total")
        )
        for practice in practices:
            practice.implemented_count = counts.get(practice.pk, 0)
    return practices


def practices_published() -> QuerySet[Practice]:
    return Practice.objects.filter(status=PracticeStatus.PUBLISHED)


def practice_visible_to(practice: Practice, viewer: User | None) -> bool:
    """Published and archived write-ups are public; drafts belong to their editors."""
    return not practice.is_draft or is_org_editor(viewer, practice.organisation)


def practice_get(*, slug: str, viewer: User | None) -> Practice:
    """The write-up with its details; NotFound when it is missing or not visible."""
    practice = _with_details(
        Practice.objects.filter(slug=slug).select_related("thread__category")
    ).first()
    if practice is None or not practice_visible_to(practice, viewer):
        raise NotFound(_("No write-up with this address."))
    _count_implementations([practice])
    return practice


# Listing -----------------------------------------------------------------------


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    is_selected: bool


@dataclass
class Facet:
    param: str
    label: str
    options: list[FacetOption]


@dataclass
class PracticeSearch:
    page: Page
    facets: list[Facet] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.page.paginator.count


def _ordered(practices: QuerySet[Practice], sort: str) -> QuerySet[Practice]:
    if sort == Sort.DISCUSSED:
        return practices.order_by("-thread__post_count", "-published_at", "-pk")
    if sort == Sort.IMPLEMENTED:
        return practices.annotate(implemented_count=_implemented_count()).order_by(
            "-implemented_count", "-published_at", "-pk"
        )
    if sort == Sort.TITLE:
        return practices.order_by("title", "pk")
    return practices.order_by("-published_at", "-pk")


def _options(
    counts: dict[str, int],
    labels: dict[str, str],
    selected: tuple[str, ...],
    *,
    closed: bool,
) -> list[FacetOption]:
    """Closed vocabularies list every value (a zero says what is missing); open ones list
    the values that occur, plus what is selected."""
    values = (
        list(labels)
        if closed
        else [v for v in labels if counts.get(v) or v in selected]
    )
    options = [
        FacetOption(
            value=value,
            label=str(labels.get(value, value)),
            count=counts.get(value, 0),
            is_selected=value in selected,
        )
        for value in values
    ]
    if not closed:
        options.sort(key=lambda option: (-option.count, option.label.lower()))
    return options


_MULTI_FACETS = {
    # param: (label, closed vocabulary?)
    "area": (_("Area"), True),
    "setting": (_("Setting"), True),
    "country": (_("Country"), False),
    "language": (_("Language"), False),
}
_COLUMN_FACETS = {
    # param: (label, column, labels of its values, closed vocabulary?)
    "evidence": (
        _("Evidence level"),
        "evidence_level",
        lambda: dict(EvidenceLevel.choices),
        True,
    ),
    "readiness": (_("Readiness"), "readiness", lambda: dict(Readiness.choices), True),
    "lang": (
        _("Written in"),
        "language",
        lambda: LanguageNames(tuple(written_languages())),
        False,
    ),
}


def _facets(base: QuerySet[Practice], filters: PracticeFilters) -> list[Facet]:
    """Counts per value, each facet computed with the other facets' filters applied:
    the number next to a value is what choosing it (alone in its facet) would give."""
    facets = []
    for param, kind in MULTI_PARAMS.items():
        subset = apply_filters(base, filters, skip=param)
        counts = dict(
            PracticeFacet.objects.filter(kind=kind, practice__in=subset.values("pk"))
            .values("value")
            .annotate(total=Count("pk"))
            .values_list("value", "total")
        )
        label, closed = _MULTI_FACETS[param]
        options = _options(
            counts, FACET_LABELS[kind], getattr(filters, param), closed=closed
        )
        facets.append(Facet(param, label, options))
    for param, (label, column, labels, closed) in _COLUMN_FACETS.items():
        counts = dict(
            apply_filters(base, filters, skip=param)
            .order_by()
            .values(column)
            .annotate(total=Count("pk"))
            .values_list(column, "total")
        )
        options = _options(counts, labels(), getattr(filters, param), closed=closed)
        facets.append(Facet(param, label, options))
    rows = (
        apply_filters(base, filters, skip="organisation")
        .order_by()
        .values("organisation__slug", "organisation__name")
        .annotate(total=Count("pk"))
    )
    counts = {row["organisation__slug"]: row["total"] for row in rows}
    labels = {slug: slug for slug in filters.organisation}
    labels |= {row["organisation__slug"]: row["organisation__name"] for row in rows}
    options = _options(counts, labels, filters.organisation, closed=False)
    facets.append(Facet("organisation", _("Organisation"), options))
    rows = (
        TaggedItem.objects.filter(
            content_type__app_label="exchange",
            content_type__model="practice",
            object_id__in=apply_filters(base, filters, skip="tag").values("pk"),
        )
        .values("tag__name")
        .annotate(total=Count("pk"))
        .order_by("-total", "tag__name")[:MAX_TAG_OPTIONS]
    )
    counts = {row["tag__name"]: row["total"] for row in rows}
    labels = {name: name for name in [*counts, *filters.tag]}
    options = _options(counts, labels, filters.tag, closed=False)
    facets.append(Facet("tag", _("Target group / tag"), options))
    return facets


def practice_search(
    *, filters: PracticeFilters, page: str | int | None = 1
) -> PracticeSearch:
    """Published write-ups matching `filters`, one page of them, and the facet counts."""
    base = practices_published()
    practices = _ordered(_with_details(apply_filters(base, filters)), filters.sort)
    page = Paginator(practices, PRACTICES_PER_PAGE).get_page(page)
    page.object_list = list(page.object_list)
    if filters.sort != Sort.IMPLEMENTED:
        _count_implementations(page.object_list)
    return PracticeSearch(page=page, facets=_facets(base, filters))


def practices_for_feed(*, filters: PracticeFilters) -> list[Practice]:
    practices = _with_details(apply_filters(practices_published(), filters))
    return _count_implementations(
        list(practices.order_by("-published_at", "-pk")[:FEED_LENGTH])
    )


def practices_compared(
    *, slugs: list[str], viewer: User | None
) -> tuple[list[Practice], list[str]]:
    """The write-ups to compare, in the order asked, and the slugs not found or not visible."""
    wanted = list(dict.fromkeys(slugs))
    found = {
        practice.slug: practice
        for practice in _count_implementations(
            list(_with_details(Practice.objects.filter(slug__in=wanted)))
        )
        if practice_visible_to(practice, viewer)
    }
    return [found[s] for s in wanted if s in found], [
        s for s in wanted if s not in found
    ]


# Write-up page -------------------------------------------------------------------


@dataclass
class ExperienceTable:
    rows: list[ImplementationExperience]

    @property
    def country_count(self) -> int:
        return len({row.country for row in self.rows})

    @property
    def organisation_count(self) -> int:
        return len({row.organisation_id for row in self.rows})


def practice_experiences(*, practice: Practice) -> ExperienceTable:
    """The published implementation experiences of a write-up, oldest first."""
    return ExperienceTable(
        rows=list(
            _published_experiences()
            .filter(practice=practice)
            .select_related("organisation", "post")
            .order_by("created_at", "pk")
        )
    )


def practice_revisions(*, practice: Practice) -> list[PracticeRevision]:
    return list(practice.revisions.select_related("edited_by").order_by("-version"))


def practice_revision(*, practice: Practice, version: int) -> PracticeRevision:
    """The content `practice` had at `version`, if that version was replaced by an edit."""
    revision = (
        practice.revisions.select_related("edited_by").filter(version=version).first()
    )
    if revision is None:
        raise NotFound(_("This write-up has no such earlier version."))
    return revision


def practice_changed_since(*, practice: Practice, version: int) -> set[str] | None:
    """The fields the edits after `version` changed; None when that version is unknown."""
    revisions = list(
        practice.revisions.filter(version__gte=version).values_list(
            "version", "changed_fields"
        )
    )
    if not revisions or min(v for v, _fields in revisions) != version:
        return None
    return {name for _version, fields in revisions for name in fields}


def editor_organisations(*, viewer: User | None) -> QuerySet[Organisation]:
    """Organisations whose write-ups `viewer` may create: theirs as editor; all for admins."""
    if is_admin(viewer):
        return Organisation.objects.order_by("name")
    if not is_member(viewer):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=viewer, memberships__role=MembershipRole.EDITOR
    ).order_by("name")


def experience_organisations(
    *, practice: Practice, viewer: User | None
) -> QuerySet[Organisation]:
    """Organisations `viewer` may report an implementation for: theirs, not the author's."""
    if not can_post(viewer):
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(
            pk__in=Membership.objects.filter(user=viewer).values("organisation_id")
        )
        .exclude(pk=practice.organisation_id)
        .order_by("name")
    )


# Other apps' pages ---------------------------------------------------------------


@dataclass
class OrganisationExchange:
    practices: list[Practice]
    drafts: list[Practice]
    experiences: list[ImplementationExperience]
    can_edit: bool


def practices_for_organisation(
    organisation: Organisation, viewer: User | None
) -> OrganisationExchange:
    """What /o/<slug>/ shows of the exchange: published write-ups, drafts for its editors,
    and the implementation experiences the organisation reported on others' write-ups."""
    can_edit = is_org_editor(viewer, organisation)
    statuses = [PracticeStatus.PUBLISHED]
    if can_edit:
        statuses += [PracticeStatus.DRAFT, PracticeStatus.ARCHIVED]
    practices = _count_implementations(
        list(
            _with_details(
                Practice.objects.filter(organisation=organisation, status__in=statuses)
            ).order_by("-updated_at", "-pk")
        )
    )
    experiences = list(
        _published_experiences()
        .filter(organisation=organisation, practice__status=PracticeStatus.PUBLISHED)
        .select_related("practice", "practice__organisation", "post")
        .order_by("-created_at", "-pk")
    )
    return OrganisationExchange(
        practices=[p for p in practices if p.is_published],
        drafts=[p for p in practices if not p.is_published],
        experiences=experiences,
        can_edit=can_edit,
    )


def practices_tagged(tag: str) -> list[Practice]:
    """Published write-ups with the tag (by name, as the forum's /tags/<tag>/); they are
    public, so every viewer gets the same list."""
    return _count_implementations(
        list(
            _with_details(
                practices_published().filter(
                    pk__in=Practice.objects.filter(tags__name=tag).values("pk")
                )
            ).order_by("-published_at", "-pk")[:50]
        )
    )


def practices_latest(*, limit: int = 5) -> list[Practice]:
    """The most recently published write-ups (public to everyone), for the home page."""
    return _count_implementations(
        list(
            _with_details(practices_published()).order_by("-published_at", "-pk")[
                :limit
            ]
        )
    )


def practice_editor_audience(post: Post) -> dict[int, str]:
    """Editors of the organisation whose write-up `post`'s thread discusses: they hear
    of its replies and experience reports (registered with the forum)."""
    if post.thread.category.slug != EXCHANGE_CATEGORY_SLUG:
        return {}
    practice = Practice.objects.filter(thread_id=post.thread_id).first()
    if practice is None:
        return {}
    editors = Membership.objects.filter(
        organisation_id=practice.organisation_id, role=MembershipRole.EDITOR
    ).values_list("user_id", flat=True)
    # Told after the reply's transaction (the notification relay), an experience report
    # is already recorded as one; told within it, it is retitled once recorded.
    kind = (
        "practice.experience"
        if ImplementationExperience.objects.filter(post=post).exists()
        else "practice.reply"
    )
    return dict.fromkeys(editors, kind)
