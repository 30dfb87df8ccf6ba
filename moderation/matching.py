"""Watched-word matching: whole words, case-insensitive, Unicode-aware, never a user regex.

A post and every watched word are split into Unicode word tokens (`\\w+`) and compared
case-folded, token by token, through one dictionary lookup per phrase length. No
user-supplied text ever becomes a pattern, so `(a+)+$` is just the word "a", and the work
is linear in the length of the post (MAX_BODY_LENGTH caps it) whatever the word list holds.
bench/moderation_matching.py measures it.
"""

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
MAX_PHRASE_TOKENS = 5
MAX_WORD_LENGTH = 100

# Our own patterns (not user input). Bounded repetitions keep backtracking to a few
# dozen steps per start position, so these are linear too.
PHONE_PATTERN = re.compile(r"(?<![\w+])\+?\d[\d ().\-/]{6,22}\d(?!\w)")
MIN_PHONE_DIGITS = 8
MASK = "\u2022"
EMAIL_PATTERN = re.compile(r"[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63})+")


@dataclass(frozen=True)
class Match:
    word: str
    action: str
    start: int
    end: int


_PLAIN_PHRASE = re.compile(r"\w+(?:[ '’\-]\w+)*")


def is_plain_phrase(text: str) -> bool:
    """Letters and digits with single spaces, hyphens or apostrophes between them."""
    return _PLAIN_PHRASE.fullmatch(text) is not None


def word_tokens(text: str) -> tuple[str, ...]:
    """The case-folded word tokens of a watched word or phrase."""
    return tuple(token.casefold() for token in _TOKEN.findall(text))


def build_index(words: list[tuple[str, str]]) -> dict[tuple[str, ...], tuple[str, str]]:
    """(word, action) pairs keyed by their tokens; the first pair for a key wins.

    Anything that is not a plain phrase (e.g. a pattern typed into the admin) is ignored.
    """
    index: dict[tuple[str, ...], tuple[str, str]] = {}
    for word, action in words:
        if not is_plain_phrase(word):
            continue
        tokens = word_tokens(word)
        if 0 < len(tokens) <= MAX_PHRASE_TOKENS:
            index.setdefault(tokens, (word, action))
    return index


def find_words(text: str, index: dict[tuple[str, ...], tuple[str, str]]) -> list[Match]:
    """Non-overlapping whole-word matches in text order, the longest phrase first."""
    if not index:
        return []
    longest = max(len(key) for key in index)
    spans = [(m.start(), m.end(), m.group(0).casefold()) for m in _TOKEN.finditer(text)]
    tokens = [span[2] for span in spans]
    matches = []
    position = 0
    while position < len(tokens):
        for length in range(min(longest, len(tokens) - position), 0, -1):
            found = index.get(tuple(tokens[position : position + length]))
            if found is not None:
                word, action = found
                start = spans[position][0]
                end = spans[position + length - 1][1]
                matches.append(Match(word, action, start, end))
                position += length
                break
        else:
            position += 1
    return matches


def find_contact_details(text: str) -> list[str]:
    """Phone numbers and e-mail addresses in `text` (how contact swapping starts)."""
    found = [m.group(0) for m in EMAIL_PATTERN.finditer(text)]
    for match in PHONE_PATTERN.finditer(text):
        if sum(char.isdigit() for char in match.group(0)) >= MIN_PHONE_DIGITS:
            found.append(match.group(0))
    return found


def censor(text: str, matches: list[Match]) -> str:
    """Replace each matched word's letters with bullets (no Markdown meaning anywhere)."""
    pieces = []
    position = 0
    for match in matches:
        pieces.append(text[position : match.start])
        pieces.append(re.sub(r"\w", MASK, text[match.start : match.end]))
        position = match.end
    pieces.append(text[position:])
    return "".join(pieces)
