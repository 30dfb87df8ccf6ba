"""Watched-word matching benchmark (issue 7): is matching bounded on hostile input?

    .venv/bin/python bench/moderation_matching.py [--words 2000] [--repeat 5]

Measures, for the largest body a post may have (core.text.MAX_BODY_LENGTH), the
time to screen ordinary text and adversarial text against a long watched-word list,
including phrases that share long prefixes with the input, a word that looks like a
catastrophic regex, and the built-in phone and e-mail patterns. Pure Python, no
database: it times moderation.matching only. Compare with a naive regex alternation
of the same words to see why patterns are never built from user input.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from core.text import MAX_BODY_LENGTH  # noqa: E402
from moderation import matching  # noqa: E402


def word_list(count: int) -> list[tuple[str, str]]:
    words = [("(a+)+$", "hold"), ("a a a a b", "hold")]
    words += [
        (f"word{index} " + "a " * (index % 4) + "z", "flag") for index in range(count)
    ]
    words += [("x" * 99 + "y", "censor")]
    return words


def bodies() -> dict[str, str]:
    limit = MAX_BODY_LENGTH
    ordinary = (
        "I finished the programme last spring and found work in a bakery. " * 400
    )[:limit]
    return {
        "ordinary text": ordinary,
        "'a ' repeated": ("a " * limit)[:limit],
        "'a' without spaces": "a" * limit,
        "near-miss long word": ("x" * 99 + " ") * (limit // 100),
        "digits (phone-like)": ("1" * 21 + " ") * (limit // 22),
        "e-mail-like, no @": ("a.b" * limit)[:limit],
        "unicode letters": ("Überstraße ñandú ελληνικά " * 1000)[:limit],
    }


def timed(function, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    words = word_list(args.words)
    start = time.perf_counter()
    index = matching.build_index(words)
    build_ms = (time.perf_counter() - start) * 1000
    print(f"{len(words)} watched words, index built in {build_ms:.1f} ms")
    print(
        f"{'body':<24} {'chars':>7} {'words ms':>9} {'contacts ms':>12} {'matches':>8}"
    )
    for name, body in bodies().items():
        words_ms = timed(
            lambda body=body: matching.find_words(body, index), args.repeat
        )
        contacts_ms = timed(
            lambda body=body: matching.find_contact_details(body), args.repeat
        )
        found = len(matching.find_words(body, index))
        print(
            f"{name:<24} {len(body):>7} {words_ms:>9.2f} {contacts_ms:>12.2f} {found:>8}"
        )
    # For comparison only: what a naive escaped alternation costs on the same input.
    naive = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(w) for w, _ in words) + r")(?!\w)",
        re.IGNORECASE,
    )
    body = ("a " * MAX_BODY_LENGTH)[:MAX_BODY_LENGTH]
    naive_ms = timed(lambda: list(naive.finditer(body)), 1)
    print(f"naive escaped regex alternation on \"'a ' repeated\": {naive_ms:.1f} ms")


if __name__ == "__main__":
    main()
