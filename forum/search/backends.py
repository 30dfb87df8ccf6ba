"""The two full-text backends behind one interface, chosen by the database in use.

PostgreSQL: a weighted tsvector stored on each entry (title A, body D), built with the
text-search configuration of the entry's language, behind a GIN index. SQLite: an FTS5
table whose rowid is the entry's id, ranked by bm25 with the title weighing ten times the
body. Both are written in the caller's transaction and both build their match expression
from parsed terms (forum.search.query), never from what the user typed.
"""

from functools import lru_cache

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import (
    F,
    FloatField,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.expressions import RawSQL

from forum.models import SearchEntry
from forum.search.query import ParsedQuery, Term

# Written languages (core.languages) with a PostgreSQL configuration, checked in
# pg_ts_config. PostgreSQL ships "serbian" (its stemmer reads Latin and Cyrillic) and none
# for Bosnian or Croatian, which are close enough to share it. Any other language is
# searched word for word ("simple").
TEXT_SEARCH_CONFIGS = {
    "bs": "serbian",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hr": "serbian",
    "hu": "hungarian",
    "it": "italian",
    "lt": "lithuanian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sr-latn": "serbian",
    "sv": "swedish",
    "tr": "turkish",
}
DEFAULT_CONFIG = "simple"
CONFIGS = (*sorted(set(TEXT_SEARCH_CONFIGS.values())), DEFAULT_CONFIG)
# ts_rank weights for D, C, B, A: a title match (A) counts ten times a body match (D).
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]
FTS_TABLE = "forum_search_fts"
# bm25 column weights: title, body.
FTS_RANK = f"bm25({FTS_TABLE}, 10.0, 1.0)"


def config_for(language: str) -> str:
    return TEXT_SEARCH_CONFIGS.get((language or "").lower(), DEFAULT_CONFIG)


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


# Writing ----------------------------------------------------------------------------


def _vector(title: str, body: str, config: str) -> SearchVector:
    return SearchVector(
        Value(title, output_field=TextField()), weight="A", config=config
    ) + SearchVector(Value(body, output_field=TextField()), weight="D", config=config)


def index_insert(entry: SearchEntry) -> None:
    """Store a new entry with its full-text row."""
    if _is_postgres():
        entry.vector = _vector(entry.title, entry.body, entry.config)
        entry.save(force_insert=True)
        entry.vector = None
        return
    entry.save(force_insert=True)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
            [entry.pk, entry.title, entry.body],
        )


def index_update(entries: QuerySet[SearchEntry], **fields) -> int:
    """Change the text (and other fields) of existing entries; the full-text rows
    follow. Returns how many entries there were."""
    title, body = fields.get("title"), fields.get("body")
    if _is_postgres():
        if title is not None or body is not None:
            config = fields.get("config")
            fields["vector"] = SearchVector(
                Value(title, output_field=TextField())
                if title is not None
                else "title",
                weight="A",
                config=config or F("config"),
            ) + SearchVector(
                Value(body, output_field=TextField()) if body is not None else "body",
                weight="D",
                config=config or F("config"),
            )
        return entries.update(**fields)
    ids = list(entries.values_list("pk", flat=True))
    if not ids:
        return 0
    SearchEntry.objects.filter(pk__in=ids).update(**fields)
    if title is not None or body is not None:
        sets = [
            (name, value)
            for name, value in (("title", title), ("body", body))
            if value is not None
        ]
        assignments = ", ".join(f"{name} = %s" for name, _ in sets)
        placeholders = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {FTS_TABLE} SET {assignments} WHERE rowid IN ({placeholders})",  # noqa: S608
                [value for _, value in sets] + ids,
            )
    return len(ids)


def index_delete(entries: QuerySet[SearchEntry]) -> None:
    if _is_postgres():
        entries.delete()
        return
    ids = list(entries.values_list("pk", flat=True))
    if not ids:
        return
    SearchEntry.objects.filter(pk__in=ids).delete()
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({placeholders})",  # noqa: S608
            ids,
        )


# Matching ---------------------------------------------------------------------------


def _tsquery_term(term: Term) -> str:
    # Words are letters and digits only (forum.search.query), so quoting is enough.
    text = " <-> ".join(f"'{word}'" for word in term.words)
    if term.is_prefix:
        text += ":*"
    return f"({text})"


def tsquery_text(parsed: ParsedQuery) -> str:
    parts = [_tsquery_term(term) for term in parsed.include]
    parts += [f"!{_tsquery_term(term)}" for term in parsed.exclude]
    return " & ".join(parts)


def _fts_term(term: Term) -> str:
    text = '"' + " ".join(term.words) + '"'
    return text + "*" if term.is_prefix else text


def fts_match_text(parsed: ParsedQuery) -> str:
    text = "(" + " AND ".join(_fts_term(term) for term in parsed.include) + ")"
    for term in parsed.exclude:
        text += f" NOT {_fts_term(term)}"
    return text


class NormalizedQuery(SearchQuery):
    """A tsquery given as lexemes already normalized: cast, not parsed again."""

    template = "%(expressions)s::tsquery"


@lru_cache(maxsize=1024)
def _readings(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The query read in every configuration: each distinct reading once, with the
    configurations that read it so.

    Most configurations read a word alike: "recovery" has two readings, not twenty-four.
    Every repeated prefix item would cost another range scan of the GIN index and
    multiply the planner's estimate of how many rows match, until it walks the date
    index testing every row's vector instead of reading the few that match. The
    readings depend only on the text and the server's dictionaries, so each process
    keeps them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT config, to_tsquery(config::regconfig, %s)::text "
            "FROM unnest(%s::text[]) AS config",
            [text, list(CONFIGS)],
        )
        by_reading: dict[str, list[str]] = {}
        for config, reading in cursor.fetchall():
            # A reading made only of the configuration's stop words is empty.
            if reading:
                by_reading.setdefault(reading, []).append(config)
    return tuple(
        (reading, tuple(configs)) for reading, configs in sorted(by_reading.items())
    )


def matching(entries: QuerySet[SearchEntry], parsed: ParsedQuery) -> QuerySet:
    """The entries that match."""
    if _is_postgres():
        # One constant tsquery, the query read in every configuration: one GIN index
        # scan. (An OR of per-configuration conditions makes one scan per branch, or
        # a sequential scan when the planner's estimate is off.) A word's readings in
        # the configurations an entry was not built with rarely differ from its own.
        readings = _readings(tsquery_text(parsed))
        if not readings:
            return entries.none()
        either = " | ".join(f"({reading})" for reading, _configs in readings)
        return entries.filter(vector=NormalizedQuery(either))
    return entries.filter(
        pk__in=RawSQL(  # noqa: S611 - constant SQL, the match text is a parameter
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
            [fts_match_text(parsed)],
        )
    )


def ranked(entries: QuerySet, parsed: ParsedQuery) -> QuerySet:
    """Matching entries annotated with `rank` (higher is better); a title match
    outranks a body match on both backends."""
    table = SearchEntry._meta.db_table
    if _is_postgres():
        # Each entry is ranked against the query as its own configuration reads it.
        branches, params = [], []
        for reading, configs in _readings(tsquery_text(parsed)):
            branches.append(
                f'WHEN "{table}"."config" = ANY(%s) '
                f'THEN ts_rank(%s::float4[], "{table}"."vector", %s::tsquery)'
            )
            params += [list(configs), RANK_WEIGHTS, reading]
        if not branches:
            return entries.annotate(rank=Value(0.0, output_field=FloatField()))
        return entries.annotate(
            rank=RawSQL(  # noqa: S611 - constant SQL, the readings are parameters
                f"CASE {' '.join(branches)} ELSE 0 END",
                params,
                output_field=FloatField(),
            )
        )
    return entries.annotate(
        rank=RawSQL(  # noqa: S611 - constant SQL, the match text is a parameter
            f"SELECT -{FTS_RANK} FROM {FTS_TABLE} "  # noqa: S608
            f"WHERE {FTS_TABLE} MATCH %s AND rowid = {table}.id",
            [fts_match_text(parsed)],
            output_field=FloatField(),
        )
    )
