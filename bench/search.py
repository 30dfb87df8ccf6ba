"""Search on PostgreSQL with 100,000 posts, and what indexing adds to a reply (issue 13).

Builds (once; reused when it exists) 100,000 posts in 5,000 threads in the given
database: generated text from a vocabulary with a long tail, so that some words are in a
third of the posts and most in a handful, authors writing in English, Italian, Serbian or
Albanian (no configuration: `simple`), so four configurations are used. Then:

1. search: the one selector (`forum.search.selectors.search`: count, one page of 20,
   organisations) for a mix of queries (a rare word, a common word, two words, a phrase,
   a prefix, an exclusion, relevance and newest), as a visitor and as a member, measured
   in-process after a warm-up; p50 / p95 / max per query kind and overall.
2. a reply's cost: `post_create` timed in alternating rounds with the index write and with
   it replaced by a no-op (the benchmark's only patch), p50 of each and the difference.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rf_search_bench \\
        .venv/bin/python bench/search.py [--rounds 3] [--replies 200]
"""

import argparse
import itertools
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.html import escape  # noqa: E402

import forum.services.posts as posts_module  # noqa: E402
from forum.models import Category, Post, SearchEntry, SearchKind, Thread  # noqa: E402
from forum.search.backends import config_for  # noqa: E402
from forum.search.selectors import SearchFilters, search  # noqa: E402
from forum.services import post_create  # noqa: E402

POSTS = 100_000
PER_THREAD = 20
CATEGORY = "search-bench"
# Albanian has no PostgreSQL configuration: its posts use "simple".
LANGUAGES = ["en", "it", "sr", "sq"]
COMMON = ["recovery", "support", "group", "work", "family", "housing", "help"]
RARE = ["lighthouse", "harbour", "seashell", "driftwood", "compass", "lantern"]
QUERIES = {
    "rare word": ("lighthouse", "relevance"),
    "common word": ("recovery", "relevance"),
    "common, newest": ("support", "newest"),
    "two words": ("family housing", "relevance"),
    "phrase": ('"peer support"', "relevance"),
    "prefix": ("hous", "relevance"),
    "exclusion": ("group -family", "relevance"),
    "no match": ("zzzyqx", "relevance"),
}


def vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghiklmnoprstuvz"
    words = {
        "".join(rng.choice(letters) for _ in range(rng.randint(4, 9)))
        for _ in range(20_000)
    }
    return sorted(words)


def sentence(rng: random.Random, words: list[str], cumulative: list[float]) -> str:
    chosen = rng.choices(words, cum_weights=cumulative, k=rng.randint(30, 90))
    # A third of the posts name a common word, one in 500 a rare one, some a phrase.
    if rng.random() < 0.33:
        chosen.insert(rng.randrange(len(chosen)), rng.choice(COMMON))
    if rng.random() < 0.002:
        chosen.insert(rng.randrange(len(chosen)), rng.choice(RARE))
    if rng.random() < 0.05:
        chosen.insert(rng.randrange(len(chosen)), "peer support")
    return " ".join(chosen).capitalize() + "."


@transaction.atomic
def build() -> Category:
    category = Category.objects.filter(slug=CATEGORY).first()
    if category is not None:
        return category
    print("Building 100,000 posts ...", flush=True)
    rng = random.Random(13)
    words = vocabulary(rng)
    cumulative = list(
        itertools.accumulate(1 / (rank + 1) for rank in range(len(words)))
    )
    User = get_user_model()
    password = make_password("bench-password-not-secret")
    members = User.objects.bulk_create(
        User(
            username=f"search_bench_{n}",
            email=f"search_bench_{n}@example.org",
            password=password,
            preferred_language=LANGUAGES[n % len(LANGUAGES)],
            email_confirmed_at=timezone.now(),
        )
        for n in range(200)
    )
    category = Category.objects.create(name="Search bench", slug=CATEGORY)
    start = timezone.now() - timedelta(days=365)
    threads = Thread.objects.bulk_create(
        Thread(
            category=category,
            title=" ".join(rng.choices(words[:3000], k=5)).capitalize(),
            slug=f"bench-{n}",
            author=members[n % len(members)],
            created_at=start + timedelta(minutes=n * 100),
            last_post_at=start + timedelta(minutes=n * 100 + PER_THREAD),
            post_count=PER_THREAD,
            last_post_number=PER_THREAD,
        )
        for n in range(POSTS // PER_THREAD)
    )
    batch: list[Post] = []
    for thread in threads:
        for number in range(1, PER_THREAD + 1):
            body = sentence(rng, words, cumulative)
            batch.append(
                Post(
                    thread=thread,
                    number=number,
                    author=members[(thread.pk + number) % len(members)],
                    body=body,
                    body_html=f"<p>{escape(body)}</p>",
                    language=LANGUAGES[
                        (thread.pk + number) % len(members) % len(LANGUAGES)
                    ],
                    created_at=thread.created_at + timedelta(minutes=number),
                )
            )
    posts = Post.objects.bulk_create(batch, batch_size=2000)
    titles = {thread.pk: thread.title for thread in threads}
    SearchEntry.objects.bulk_create(
        (
            SearchEntry(
                kind=SearchKind.THREAD if post.number == 1 else SearchKind.POST,
                post=post,
                thread_id=post.thread_id,
                title=titles[post.thread_id] if post.number == 1 else "",
                body=post.body,
                url=f"/p/{post.pk}/",
                author_id=post.author_id,
                language=post.language,
                config=config_for(post.language),
                created_at=post.created_at,
            )
            for post in posts
        ),
        batch_size=2000,
    )
    # The same vector the services store (forum.search.backends._vector), in one pass.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE forum_searchentry SET vector = "
            "setweight(to_tsvector(config::regconfig, title), 'A') || "
            "setweight(to_tsvector(config::regconfig, body), 'D') "
            "WHERE vector IS NULL"
        )
    return category


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_search(rounds: int) -> None:
    member = get_user_model().objects.get(username="search_bench_1")
    viewers = {"visitor": None, "member": member}
    everything: list[float] = []
    print(f"\nSearch over {SearchEntry.objects.count():,} entries (ms)")
    print(f"{'query':<16} {'results':>8} {'p50':>7} {'p95':>7} {'max':>7}")
    for name, (text, sort) in QUERIES.items():
        timings: list[float] = []
        count = 0
        for viewer in viewers.values():
            filters = SearchFilters(sort=sort)
            search(viewer=viewer, text=text, filters=filters)  # warm-up
            for _ in range(rounds * 10):
                began = time.perf_counter()
                results = search(viewer=viewer, text=text, filters=filters)
                timings.append((time.perf_counter() - began) * 1000)
                count = results.count
        everything += timings
        print(
            f"{name:<16} {count:>8} {statistics.median(timings):>7.1f} "
            f"{percentile(timings, 0.95):>7.1f} {max(timings):>7.1f}"
        )
    print(
        f"{'all':<16} {'':>8} {statistics.median(everything):>7.1f} "
        f"{percentile(everything, 0.95):>7.1f} {max(everything):>7.1f}"
    )


def measure_reply(rounds: int, replies: int) -> None:
    User = get_user_model()
    category = Category.objects.get(slug=CATEGORY)
    indexed = posts_module.search_post_index
    timings: dict[str, list[float]] = {"with index": [], "without": []}
    for round_number in range(rounds):
        for label in ("with index", "without"):
            posts_module.search_post_index = (
                indexed if label == "with index" else (lambda post: None)
            )
            thread = Thread.objects.filter(category=category).order_by("?").first()
            for n in range(replies):
                # A fresh author per reply: rate limits and slow mode stay out of it.
                author = User.objects.create(
                    username=f"reply_bench_{round_number}_{label[:4]}_{n}_{time.time_ns()}",
                    email_confirmed_at=timezone.now(),
                    guidelines_version=settings.GUIDELINES_VERSION,
                    guidelines_accepted_at=timezone.now(),
                    preferred_language="en",
                )
                began = time.perf_counter()
                post_create(
                    thread=thread, by=author, body=f"Thanks, recovery step {n}."
                )
                timings[label].append((time.perf_counter() - began) * 1000)
    posts_module.search_post_index = indexed
    with_index = statistics.median(timings["with index"])
    without = statistics.median(timings["without"])
    print(f"\nA reply (post_create), {rounds} x {replies} each, p50 (ms)")
    print(f"with the index write  {with_index:.2f}")
    print(f"without               {without:.2f}")
    print(f"indexing adds         {100 * (with_index - without) / without:+.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--replies", type=int, default=200)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (it is filled once).")
    # A reply by a new member is otherwise held for approval (moderation's screening).
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    build()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Data ready in {time.perf_counter() - began:.0f} s; load: {os.getloadavg()}")
    measure_search(args.rounds)
    measure_reply(args.rounds, args.replies)
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
