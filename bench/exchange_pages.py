"""Practice exchange pages benchmark (issue 6): /exchange/ with filters, facets and sorts.

Seeds a catalogue of write-ups (bulk, once), starts one real daphne process and requests
each page repeatedly, reporting latency percentiles and the SQL queries one request runs.
Meant for PostgreSQL (the production database), works on SQLite too:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rx_bench \\
    REDIS_URL=redis://127.0.0.1:6379/3 .venv/bin/python bench/exchange_pages.py

Options: --write-ups N (default 1000), --requests N per page (default 200),
--clients N concurrent clients (default 4).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from taggit.models import Tag, TaggedItem  # noqa: E402

from accounts.models import Organisation  # noqa: E402
from exchange.choices import (  # noqa: E402
    COUNTRIES,
    LANGUAGES,
    Area,
    EvidenceLevel,
    Readiness,
    Setting,
)
from exchange.models import Practice, PracticeFacet  # noqa: E402
from tests.live_server import start_daphne  # noqa: E402

PAGES = [
    "/exchange/",
    "/exchange/?area=employment",
    "/exchange/?area=employment&area=housing&country=IT&evidence=randomised",
    "/exchange/?setting=prison&language=en&tag=women&sort=implemented",
    "/exchange/?q=peer+mentor&sort=discussed",
    "/exchange/?sort=title&page=20",
    "/exchange/feed/?area=housing&country=ES",
    "/exchange/compare/?p=bench-1&p=bench-2&p=bench-3&p=bench-4",
    "/exchange/bench-7/",
]


def seed(count: int) -> None:
    """Bulk-create `count` published write-ups spread over every facet (once)."""
    existing = Practice.objects.filter(slug__startswith="bench-").count()
    if existing >= count:
        return
    organisations = [
        Organisation.objects.get_or_create(
            slug=f"bench-org-{n}",
            defaults={
                "name": f"Bench organisation {n}",
                "country": "IT",
                "kind": "other",
            },
        )[0]
        for n in range(20)
    ]
    areas, settings, evidence, readiness = (
        list(Area.values), list(Setting.values), list(EvidenceLevel.values), list(Readiness.values)
    )  # fmt: skip
    countries, languages = list(COUNTRIES), list(LANGUAGES)
    tags = [Tag.objects.get_or_create(name=name, slug=name.replace(" ", "-"))[0]
            for name in ("women", "young adults", "people leaving prison", "families", "peer support")]  # fmt: skip
    practices = Practice.objects.bulk_create(
        Practice(
            organisation=organisations[i % 20], slug=f"bench-{i}",
            title=f"Bench programme {i}", summary="A programme for the benchmark.",
            approach="Weekly groups with a peer mentor." if i % 3 else "Job coaching.",
            evidence_level=evidence[i % len(evidence)], readiness=readiness[i % len(readiness)],
            status="published", published_at=timezone.now(),
        )
        for i in range(existing, count)
    )  # fmt: skip
    content_type = ContentType.objects.get_for_model(Practice)
    facets, tagged = [], []
    for i, practice in enumerate(practices, start=existing):
        values = [("area", areas[i % 7]), ("area", areas[(i + 2) % 7]),
                  ("setting", settings[i % 6]), ("country", countries[i % len(countries)]),
                  ("country", "IT" if i % 4 == 0 else "ES"), ("language", "en"),
                  ("language", languages[i % len(languages)])]  # fmt: skip
        facets += [
            PracticeFacet(practice=practice, kind=k, value=v) for k, v in set(values)
        ]
        tagged += [
            TaggedItem(
                content_type=content_type, object_id=practice.pk, tag=tags[i % 5]
            )
        ]
    PracticeFacet.objects.bulk_create(facets, ignore_conflicts=True)
    TaggedItem.objects.bulk_create(tagged)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def fetch(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}")
    return (time.perf_counter() - start) * 1000


def query_count(path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        Client(HTTP_HOST="127.0.0.1").get(path)
    return len(context.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-ups", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    seed(args.write_ups)
    if connection.vendor == "postgresql":
        # Bulk-loaded tables have no planner statistics until autovacuum gets to them;
        # without them PostgreSQL picks nested loops and every page looks 10x slower.
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE exchange_practice, exchange_practicefacet, taggit_taggeditem"
            )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"{connection.vendor}, {Practice.objects.filter(status='published').count()} "
        f"published write-ups, {args.clients} clients, {args.requests} requests a page, "
        f"load average {load} (the machine is shared: compare runs at similar load)"
    )
    with tempfile.TemporaryDirectory() as log_dir:
        server = start_daphne(Path(log_dir), env={"LOG_LEVEL": "WARNING"})
        try:
            print(
                f"{'page':72} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7}"
            )
            for path in PAGES:
                url = server.url + path
                for _ in range(5):
                    fetch(url)
                with ThreadPoolExecutor(args.clients) as pool:
                    start = time.perf_counter()
                    times = list(pool.map(fetch, [url] * args.requests))
                    elapsed = time.perf_counter() - start
                print(f"{path[:72]:72} {query_count(path):7d} {statistics.median(times):8.1f} "
                      f"{percentile(times, 95):8.1f} {percentile(times, 99):8.1f} "
                      f"{args.requests / elapsed:7.1f}")  # fmt: skip
        finally:
            server.stop()


if __name__ == "__main__":
    main()
