"""The last page of a 10,000-post thread against its first page (issue 12).

Adds to the `manage.py seed_bench` data one thread of 10,000 posts (500 full pages of 20),
serves it in the production topology (`python -m config.serve`, WEB_CONCURRENCY=1:
nginx, one gunicorn worker, one daphne) with production settings, and measures with the
peer's client (wrk -t8 -c8, ../shared/peer/wrk_bench.lua, warm-up then measured), in
alternating rounds: the first page, the middle page, the last page, anonymous. SQLite in a
temporary file by default, or PostgreSQL:

    NICE=-5 .venv/bin/python bench/deep_thread.py [--seconds 10] [--rounds 2]
    NICE=-5 .venv/bin/python bench/deep_thread.py \\
        --postgres postgres://postgres@127.0.0.1:5432/rf_bench
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from topology import NICE, free_port, stop, tree_cpu_seconds, wait_until_serving, wrk  # noqa: E402, I001
from versus_peer import load, manage, production_env  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
POSTS = 10_000

# Run inside `manage.py shell`: the deep thread, once (the command is idempotent).
SEED = """
import json
from datetime import timedelta
from django.db import transaction
from django.utils import timezone
from accounts.models import User
from forum.management.commands.seed_bench import BODY
from forum.models import Category, Post, Thread, POSTS_PER_PAGE
from core.text import render_markdown
from forum.services.counters import thread_counters_refresh
category = Category.objects.get(slug="bench")
title = "Bench deep thread"
thread = Thread.objects.filter(category=category, title=title).first()
if thread is None:
    members = list(User.objects.filter(username__startswith="bench_member_").order_by("username"))
    when = timezone.now() - timedelta(days=40)
    with transaction.atomic():
        thread = Thread.objects.create(category=category, title=title, slug=Thread.slug_for(title),
                                       author=members[0], created_at=when, last_post_at=when)
        # The body differs only by its number, which is plain text: render it once.
        html = render_markdown(BODY.format(n="NUMBER_MARK"))
        Post.objects.bulk_create([
            Post(thread=thread, number=n, author=members[n % len(members)],
                 body=BODY.format(n=n), body_html=html.replace("NUMBER_MARK", str(n)),
                 created_at=when + timedelta(seconds=n))
            for n in range(1, {posts} + 1)
        ], batch_size=1000)
        Thread.objects.filter(pk=thread.pk).update(last_post_number={posts})
        thread.refresh_from_db()
        thread_counters_refresh(thread)
pages = (thread.posts.count() - 1) // POSTS_PER_PAGE + 1
print(json.dumps({{"path": thread.get_absolute_url(), "posts": thread.posts.count(), "pages": pages}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", metavar="DATABASE_URL", default="")
    parser.add_argument(
        "--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/12")
    )
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-deep-"))
    env = production_env(workdir, args.redis)
    env["DATABASE_URL"] = args.postgres
    database = "PostgreSQL" if args.postgres else "SQLite"
    print(f"Preparing the {database} data set ...", flush=True)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_bench")
    out = manage(env, "shell", "-v", "0", "-c", SEED.format(posts=POSTS))
    deep = json.loads(out.strip().splitlines()[-1])
    print(json.dumps(deep), flush=True)
    pages = {
        "first page": f"{deep['path']}?page=1",
        "middle page": f"{deep['path']}?page={deep['pages'] // 2}",
        "last page": f"{deep['path']}?page={deep['pages']}",
    }
    port = free_port()
    server = subprocess.Popen(
        [*NICE, sys.executable, "-m", "config.serve"],
        cwd=ROOT,
        env={**env, "PORT": str(port), "WEB_CONCURRENCY": "1"},
        stdout=(workdir / "serve.log").open("ab"),
        stderr=subprocess.STDOUT,
    )
    rows = []
    try:
        wait_until_serving(port, server)
        for round_number in range(1, args.rounds + 1):
            for name, path in pages.items():
                load_before = load()
                before = tree_cpu_seconds(server.pid)
                figures = wrk(f"http://127.0.0.1:{port}{path}", args.seconds, name)
                served = figures["requests"] * (args.seconds + 3) / args.seconds
                figures["cpu_ms_per_req"] = round(
                    (tree_cpu_seconds(server.pid) - before) / max(served, 1) * 1000, 1
                )
                figures["load_before"] = load_before
                rows.append((round_number, name, figures))
                print(json.dumps({"round": round_number, **figures}), flush=True)
    finally:
        stop(server)
    print(
        f"\n{database}, thread of {deep['posts']:,} posts ({deep['pages']} pages), "
        f"1 gunicorn worker behind nginx, wrk -t8 -c8, {args.seconds} s per row\n"
    )
    print(
        "| round | page | load (1 min) | req/s | p50 / p95 ms | CPU ms/req | KB "
        "| errors | req/s ÷ first page |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for round_number, name, figures in rows:
        first = next(f for r, n, f in rows if r == round_number and n == "first page")
        errors = (
            figures["status_4xx"] + figures["status_5xx"] + figures["socket_errors"]
        )
        print(
            f"| {round_number} | {name} | {figures['load_before'][0]} "
            f"| {figures['rps']:.1f} | {figures['p50_ms']:.0f} / {figures['p95_ms']:.0f} "
            f"| {figures['cpu_ms_per_req']} | {figures['bytes_per_req'] // 1000} "
            f"| {errors} | {figures['rps'] / first['rps']:.2f}× |"
        )
    for name in pages:
        ratios = [
            f["rps"]
            / next(g for r2, n2, g in rows if r2 == r and n2 == "first page")["rps"]
            for r, n, f in rows
            if n == name
        ]
        cpu = [f["cpu_ms_per_req"] for _r, n, f in rows if n == name]
        print(
            f"| median | {name} | | | | {statistics.median(cpu):.1f} | | "
            f"| {statistics.median(ratios):.2f}× |"
        )


if __name__ == "__main__":
    main()
