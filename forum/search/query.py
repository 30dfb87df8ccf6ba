"""From what a person typed to a bounded list of terms, never to raw backend syntax.

Both backends build their own match expression from these terms (forum.search.backends),
so no character typed by a user ever reaches tsquery or FTS5 syntax: a word is letters
and digits only, and the number and length of terms are capped.
"""

import re
from dataclasses import dataclass, field

# Past these, the rest of a query is ignored rather than refused.
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_PHRASE_WORDS = 6
MAX_WORD_CHARS = 40
# A one-letter prefix would match most of the index.
MIN_PREFIX_CHARS = 2

_CHUNK = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')
_WORD = re.compile(r"[^\W_]+")

# Words too common to find anything by, in the site's languages. Dropped when they stand
# alone (not inside a quoted phrase), the same way on both backends.
_STOP_WORDS = """
    a an and are as at be but by for from has have i if in into is it its me my no not
    of on or our so that the their them then there these they this to was we were what
    when which who will with you your
    al alla alle anche che chi ci come con da dal dalla dei del della delle di e ed gli
    ha ho il in io la le lei lo loro lui ma mi ne nei nel nella noi non o per perché più
    si sono su sul sulla te ti tra tu un una uno vi voi
    ako ali bi da do ga i ih iz je jer je li kad kako koji koja koje ma me mi na ne nego
    ni od oni ova ovo po pa sa se si su te ti to u uz va vi za že
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    is_prefix: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass
class ParsedQuery:
    include: list[Term] = field(default_factory=list)
    exclude: list[Term] = field(default_factory=list)
    # True when something was typed but nothing in it can be searched for.
    is_unsearchable: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.include

    def highlight_words(self) -> list[str]:
        return sorted({word for term in self.include for word in term.words}, key=len)[
            ::-1
        ]


def _words(text: str) -> list[str]:
    return [word[:MAX_WORD_CHARS] for word in _WORD.findall(text.lower())]


def parse_query(text: str) -> ParsedQuery:
    """Quoted phrases, -excluded words and phrases; the last word matches as a prefix."""
    text = (text or "")[:MAX_QUERY_CHARS]
    parsed = ParsedQuery()
    last_plain: int | None = None
    for match in _CHUNK.finditer(text):
        if len(parsed.include) + len(parsed.exclude) >= MAX_TERMS:
            break
        if match.group(2) is not None:
            negative, words, quoted = match.group(1), _words(match.group(2)), True
        else:
            negative, words, quoted = match.group(3), _words(match.group(4)), False
        if not words:
            continue
        if quoted:
            terms = [Term(tuple(words[:MAX_PHRASE_WORDS]))]
        else:
            # An unquoted "self-help" is two words, each required.
            terms = [Term((word,)) for word in words if word not in STOP_WORDS]
        for term in terms:
            target = parsed.exclude if negative else parsed.include
            if term in target or len(parsed.include) + len(parsed.exclude) >= MAX_TERMS:
                continue
            target.append(term)
            if not negative:
                last_plain = None if quoted else len(parsed.include) - 1
    if last_plain is not None and last_plain == len(parsed.include) - 1:
        term = parsed.include[last_plain]
        if len(term.words[0]) >= MIN_PREFIX_CHARS:
            parsed.include[last_plain] = Term(term.words, is_prefix=True)
    parsed.is_unsearchable = bool(text.strip()) and parsed.is_empty
    return parsed
