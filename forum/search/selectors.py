"""The one search selector: what a viewer may see that matches a query, whichever
backend runs (forum.search.backends)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from taggit.models import TaggedItem

from accounts.models import Organisation, User
from accounts.services.blocks import blocked_ids_for
from forum.models import SearchEntry, SearchKind, Thread
from forum.search.backends import matching, ranked
from forum.search.query import ParsedQuery, parse_query
from forum.search.snippets import highlight, snippet
from forum.selectors import post_visibility_q

RESULTS_PER_PAGE = 20
# Results past this many are not counted or paged through: a narrower query is better.
MAX_RESULTS = 1000
MAX_ORGANISATIONS = 5
SORTS = ("relevance", "newest")
ORGANISATION = "organisation"


@dataclass
class SearchFilters:
    kind: str = ""
    category: str = ""
    tag: str = ""
    author: str = ""
    organisation: str = ""
    language: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"


@dataclass
class SearchHit:
    kind: str
    kind_label: str
    url: str
    title: SafeString
    snippet: SafeString
    author: str
    organisation: str
    created_at: datetime
    context: str


@dataclass
class SearchResults:
    query: ParsedQuery
    hits: list[SearchHit] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    count: int = 0
    is_capped: bool = False
    page: int = 1
    page_count: int = 0
    # Why there is nothing to show, when the query itself is the reason.
    message: str = ""


def _visible(viewer: User | None) -> QuerySet[SearchEntry]:
    # Write-ups are indexed only while published; posts by their current status.
    entries = SearchEntry.objects.filter(
        Q(post__isnull=True) | post_visibility_q(viewer, through="post__")
    )
    # A block hides each member's words from the other here as on the pages (SPEC §3),
    # also on posts shown as "a member", which name no author in the index.
    blocked = blocked_ids_for(viewer)
    if blocked:
        entries = entries.exclude(author_id__in=blocked).exclude(
            post__author_id__in=blocked
        )
    return entries


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _filtered(entries: QuerySet, filters: SearchFilters) -> QuerySet:
    if filters.kind:
        entries = entries.filter(kind=filters.kind)
    if filters.category:
        entries = entries.filter(thread__category__slug=filters.category)
    if filters.tag:
        threads = TaggedItem.objects.filter(
            content_type__app_label=Thread._meta.app_label,
            content_type__model=Thread._meta.model_name,
            tag__name=filters.tag,
        ).values("object_id")
        entries = entries.filter(
            Q(thread_id__in=threads) | Q(tags__contains=f"|{filters.tag}|")
        )
    if filters.author:
        entries = entries.filter(author__username=filters.author)
    if filters.organisation:
        entries = entries.filter(organisation__slug=filters.organisation)
    if filters.language:
        entries = entries.filter(language__iexact=filters.language)
    if filters.date_from:
        entries = entries.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        entries = entries.filter(
            created_at__lt=_day_start(filters.date_to) + timezone.timedelta(days=1)
        )
    return entries


def _organisations(parsed: ParsedQuery, filters: SearchFilters) -> list[Organisation]:
    """Organisations are few and public: matched by name and description directly."""
    only_words = SearchFilters(kind=filters.kind, sort=filters.sort)
    if filters.kind not in ("", ORGANISATION) or filters != only_words:
        return []
    organisations = Organisation.objects.all()
    for term in parsed.include:
        text = " ".join(term.words)
        organisations = organisations.filter(
            Q(name__icontains=text) | Q(description__icontains=text)
        )
    for term in parsed.exclude:
        text = " ".join(term.words)
        organisations = organisations.exclude(
            Q(name__icontains=text) | Q(description__icontains=text)
        )
    return list(organisations.order_by("name")[:MAX_ORGANISATIONS])


def _hit(entry: SearchEntry, words: list[str]) -> SearchHit:
    thread_title = entry.thread.title if entry.thread_id else ""
    title = entry.title or thread_title
    return SearchHit(
        kind=entry.kind,
        kind_label=SearchKind(entry.kind).label,
        url=entry.url,
        title=highlight(title, words),
        snippet=snippet(entry.body, words),
        author=entry.author.username if entry.author else "",
        organisation=entry.organisation.name if entry.organisation else "",
        created_at=entry.created_at,
        context=thread_title if entry.kind != SearchKind.THREAD else "",
    )


def search(
    *, viewer: User | None, text: str, filters: SearchFilters, page: int = 1
) -> SearchResults:
    """What `viewer` may see that matches `text` and `filters`, a page at a time.

    The same rules as the pages: a post shows when post_visible_to() would show it (a
    moderator sees held and hidden posts, a member their own held ones, members-only
    categories need a member), a write-up while it is published."""
    parsed = parse_query(text)
    results = SearchResults(query=parsed, page=page)
    if parsed.is_empty:
        if parsed.is_unsearchable:
            results.message = _(
                "Nothing to search for: the words were too common, excluded only, "
                "or were symbols. Try a more specific word."
            )
        return results
    words = parsed.highlight_words()
    if page == 1:
        results.organisations = _organisations(parsed, filters)
    if filters.kind == ORGANISATION:
        results.count = len(results.organisations)
        return results
    entries = matching(_filtered(_visible(viewer), filters), parsed)
    # The newest MAX_RESULTS matches are the candidates, counted and ranked: a word
    # in thousands of posts costs little more than one in a thousand. Their rank is
    # read in the same pass, while each row is at hand, so a page needs no second
    # visit to a thousand rows.
    newest = entries.order_by("-created_at", "-pk")
    if filters.sort == "newest":
        candidates = [
            (pk, 0.0) for pk in newest.values_list("pk", flat=True)[: MAX_RESULTS + 1]
        ]
    else:
        candidates = list(
            ranked(newest, parsed).values_list("pk", "rank")[: MAX_RESULTS + 1]
        )
    results.is_capped = len(candidates) > MAX_RESULTS
    candidates = candidates[:MAX_RESULTS]
    results.count = len(candidates)
    results.page_count = max(1, -(-results.count // RESULTS_PER_PAGE))
    results.page = min(page, results.page_count)
    # A stable sort keeps newest first among equal ranks.
    ordered = sorted(candidates, key=lambda candidate: -candidate[1])
    start = (results.page - 1) * RESULTS_PER_PAGE
    page_ids = [pk for pk, _rank in ordered[start : start + RESULTS_PER_PAGE]]
    shown = SearchEntry.objects.select_related("thread", "author", "organisation")
    by_id = {entry.pk: entry for entry in shown.defer("vector").filter(pk__in=page_ids)}
    rows = [by_id[pk] for pk in page_ids if pk in by_id]
    results.hits = [_hit(entry, words) for entry in rows]
    return results
