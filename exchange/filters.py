"""What /exchange/ and its feed filter on, and how a filter becomes a query.

Values inside one facet are alternatives (area=housing&area=health: either), facets
combine (area=housing&country=IT: both). Every filter is a subquery on indexed columns,
so the same SQL works on SQLite and PostgreSQL and the page costs a fixed number of
queries whatever the number of write-ups.
"""

import unicodedata
from dataclasses import dataclass, fields

from django.db.models import QuerySet

from exchange.choices import FacetKind
from exchange.models import NARRATIVE_FIELDS, Practice, PracticeFacet

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10
SEARCHED_FIELDS = ("title", "summary", "target_group", *NARRATIVE_FIELDS)


def search_key(text: str) -> str:
    """Text as free-text search compares it: NFKC-normalised and Unicode case-folded."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def search_text(practice: Practice) -> str:
    """The value of `Practice.search_text`; one field per line, so no word spans two."""
    return search_key(
        "\n".join(getattr(practice, name, "") or "" for name in SEARCHED_FIELDS)
    )


class Sort:
    NEWEST = "newest"
    DISCUSSED = "discussed"
    IMPLEMENTED = "implemented"
    TITLE = "title"


# URL parameter -> facet kind stored in PracticeFacet.
MULTI_PARAMS = {
    "area": FacetKind.AREA,
    "setting": FacetKind.SETTING,
    "country": FacetKind.COUNTRY,
    "language": FacetKind.LANGUAGE,
}
# URL parameter -> column of Practice.
COLUMN_PARAMS = {
    "evidence": "evidence_level",
    "readiness": "readiness",
    # What the write-up is written in; `language` is the programme's material.
    "lang": "language",
    "organisation": "organisation__slug",
}
FILTER_PARAMS = (*MULTI_PARAMS, *COLUMN_PARAMS, "tag", "q")


@dataclass(frozen=True)
class PracticeFilters:
    area: tuple[str, ...] = ()
    setting: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    readiness: tuple[str, ...] = ()
    lang: tuple[str, ...] = ()
    organisation: tuple[str, ...] = ()
    tag: tuple[str, ...] = ()
    q: str = ""
    sort: str = Sort.NEWEST

    @classmethod
    def from_cleaned(cls, data: dict) -> "PracticeFilters":
        values = {}
        for field in fields(cls):
            value = data.get(field.name)
            if field.name in ("q", "sort"):
                values[field.name] = value or field.default
            else:
                values[field.name] = tuple(dict.fromkeys(value or ()))
        return cls(**values)

    @property
    def is_active(self) -> bool:
        return any(getattr(self, name) for name in FILTER_PARAMS)

    def query_words(self) -> list[str]:
        return self.q.split()[:MAX_QUERY_WORDS]


def apply_filters(
    practices: QuerySet[Practice], filters: PracticeFilters, *, skip: str = ""
) -> QuerySet[Practice]:
    """Narrow `practices` by every filter except `skip` (facet counts leave their own out)."""
    for param, kind in MULTI_PARAMS.items():
        values = getattr(filters, param)
        if values and param != skip:
            practices = practices.filter(
                pk__in=PracticeFacet.objects.filter(kind=kind, value__in=values).values(
                    "practice_id"
                )
            )
    for param, column in COLUMN_PARAMS.items():
        values = getattr(filters, param)
        if values and param != skip:
            practices = practices.filter(**{f"{column}__in": values})
    if filters.tag and skip != "tag":
        practices = practices.filter(
            pk__in=Practice.objects.filter(tags__name__in=filters.tag).values("pk")
        )
    for word in filters.query_words():
        practices = practices.filter(search_text__contains=search_key(word))
    return practices
