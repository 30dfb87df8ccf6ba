"""This product side by side with the peer (Spirit, ../shared/peer/), in one run (issue 12).

For each process count (1, then 2), three pairs in turn: the peer (`spirit.sh` as it is,
PEER_WORKERS=n), then this product in its production topology (`python -m config.serve`:
nginx, gunicorn × n for pages, daphne × n for /ws/; WEB_CONCURRENCY=n), each on a fresh
copy of its own database. Both are measured with the same client: wrk -t8 -c8, the peer's
`wrk_bench.lua`, a warm-up then the measured run, per endpoint:

  (a) the category list, anonymous;
  (b) the first page of the 1,000-reply thread (20 posts), anonymous;
  (c) posting a reply as 8 signed-in members, one per connection (form field `body`), to
      a thread of two posts; rows created are counted in the database;
  and, for this product only, (a) and (b) again with the 8 members signed in.

This product runs on SQLite with production settings (`DJANGO_DEBUG=0`; plain HTTP on
loopback), Redis for the fragment cache and the channel layer, `manage.py seed_bench` data,
first-post approval and the reply limit off for the run (as Spirit's rate limit is).

    NICE=-5 .venv/bin/python bench/versus_peer.py [--processes 1 2] [--pairs 3] \\
        [--seconds 15] [--redis redis://127.0.0.1:6379/12] [--out versus.json]
"""

import argparse
import json
import os
import secrets
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from topology import NICE, free_port, stop, tree_cpu_seconds, wait_until_serving, wrk  # noqa: E402, I001

ROOT = Path(__file__).resolve().parent.parent
PEER = ROOT.parent / "shared" / "peer" / "spirit.sh"
SESSIONS = 8

# Run inside `manage.py shell`: checks the data set's shape against the peer's and writes
# one "sessionid csrftoken" line per signed-in member, as the peer's seed does.
PREPARE = """
import json, statistics, sys
from django.test import Client
from accounts.models import User
from forum.models import Category, Post, Thread, POSTS_PER_PAGE
from forum.selectors import THREADS_PER_PAGE
bench = Category.objects.get(slug="bench")
big = Thread.objects.get(category=bench, title="Bench thread 1")
target = Thread.objects.get(category=bench, title="Bench thread 2")
lines = []
for n in range({sessions}):
    client = Client()
    client.force_login(User.objects.get(username=f"bench_member_{{n:02d}}"))
    lines.append(client.cookies["sessionid"].value + " " + f"benchmember{{n:02d}}".ljust(32, "x"))
open({sessions_path!r}, "w").write("\\n".join(lines) + "\\n")
bodies = [len(b) for b in Post.objects.filter(thread=big).values_list("body", flat=True)]
print(json.dumps({{
    "categories": Category.objects.count(),
    "threads_in_category": Thread.objects.filter(category=bench).count(),
    "posts_in_big_thread": len(bodies),
    "posts_elsewhere": Post.objects.exclude(thread=big).count(),
    "mean_body_chars": round(statistics.fmean(bodies)),
    "posts_per_page": POSTS_PER_PAGE,
    "threads_per_page": THREADS_PER_PAGE,
    "list_path": "/c/bench/",
    # With ?page=: a member's plain thread URL redirects to their first unread post.
    "thread_path": big.get_absolute_url() + "?page=1",
    "post_path": f"/t/{{target.pk}}/reply/",
    "post_thread_id": target.pk,
    "post_thread_posts": target.posts.count(),
}}))
"""


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def production_env(workdir: Path, redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        # One key for the whole run: the sessions written below must stay valid.
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": "",
        "SQLITE_PATH": str(workdir / "pristine.sqlite3"),
        "REDIS_URL": redis_url,
        "LOG_LEVEL": "WARNING",
        # Measure the publishing path, as Spirit's run does with its rate limit off.
        "FIRST_POSTS_NEEDING_APPROVAL": "0",
        "FORUM_REPLIES_PER_MINUTE": "1000000",
    }


def prepare(env: dict[str, str], workdir: Path) -> dict:
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_bench")
    sessions_path = workdir / "sessions.txt"
    code = PREPARE.format(sessions=SESSIONS, sessions_path=str(sessions_path))
    out = manage(env, "shell", "-v", "0", "-c", code)
    dataset = json.loads(out.strip().splitlines()[-1])
    dataset["sessions_file"] = str(sessions_path)
    # Fold the WAL into the file, so that a copy of the one file is the whole database.
    with sqlite3.connect(env["SQLITE_PATH"]) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return dataset


def fresh_copy(pristine: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    source, copy = sqlite3.connect(pristine), sqlite3.connect(target)
    with copy:
        source.backup(copy)
    source.close()
    copy.close()


def count_posts(db: Path, thread_id: int) -> dict[str, int]:
    with sqlite3.connect(db, timeout=20) as connection:
        rows = connection.execute(
            "select status, count(*) from forum_post where thread_id = ? group by status",
            (thread_id,),
        ).fetchall()
    return dict(rows)


def load() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def run_peer(workers: int, seconds: int, peer_root: Path, log) -> dict:
    env = {
        **os.environ,
        "PEER_WORKERS": str(workers),
        "PEER_DURATION": str(seconds),
        "PEER_PORT": str(free_port()),
        # A private copy of the peer's site: another run of spirit.sh on this machine
        # would otherwise rebuild the same database under this one.
        "PEER_ROOT": str(peer_root),
    }
    load_before = load()
    result = subprocess.run(
        [*NICE, str(PEER)], env=env, capture_output=True, text=True, check=True
    )
    log.write(result.stderr)
    line = [row for row in result.stdout.splitlines() if row.startswith("{")][-1]
    figures = json.loads(line)
    return {
        "load_before": load_before,
        "load_after": load(),
        "list": figures["topic_list"],
        "thread": figures["topic_1000"],
        "post": {
            **figures["post_comment"],
            "rows_created": figures["post_comment"]["comments_created_in_db"],
        },
        "server": figures["server"],
        "dataset": figures["dataset"],
    }


def run_project(
    processes: int, seconds: int, env: dict[str, str], dataset: dict, workdir: Path
) -> dict:
    db = workdir / "run.sqlite3"
    fresh_copy(Path(env["SQLITE_PATH"]), db)
    port = free_port()
    child_env = {
        **env,
        "SQLITE_PATH": str(db),
        "PORT": str(port),
        "WEB_CONCURRENCY": str(processes),
    }
    load_before = load()
    log = (workdir / "serve.log").open("ab")
    server = subprocess.Popen(
        [*NICE, sys.executable, "-m", "config.serve"],
        cwd=ROOT,
        env=child_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    sessions = {"BENCH_SESSIONS": dataset["sessions_file"]}
    result: dict = {"load_before": load_before}
    try:
        wait_until_serving(port, server)

        def measure(name: str, path: str, extra: dict, between=None) -> dict:
            before = tree_cpu_seconds(server.pid)
            figures = wrk(base + path, seconds, name, env=extra, between=between)
            # CPU is read around warm-up and measure both; wrk counts the measure only.
            served = figures["requests"] * (seconds + 3) / seconds
            spent = tree_cpu_seconds(server.pid) - before
            figures["cpu_ms_per_req"] = round(spent / max(served, 1) * 1000, 1)
            return figures

        result["list"] = measure("list", dataset["list_path"], {})
        result["thread"] = measure("thread", dataset["thread_path"], {})
        result["list_signed_in"] = measure(
            "list signed in", dataset["list_path"], sessions
        )
        result["thread_signed_in"] = measure(
            "thread signed in", dataset["thread_path"], sessions
        )
        counts: dict[str, dict] = {}

        def count_before() -> None:
            time.sleep(1)  # as spirit.sh does: let the warm-up's last requests land
            counts["before"] = count_posts(db, dataset["post_thread_id"])

        post = measure(
            "post",
            dataset["post_path"],
            {**sessions, "BENCH_POST": "1", "BENCH_FIELD": "body"},
            between=count_before,
        )
        time.sleep(1)
        after = count_posts(db, dataset["post_thread_id"])
        post["rows_created"] = sum(after.values()) - sum(counts["before"].values())
        post["rows_not_published"] = sum(
            n for status, n in after.items() if status != "published"
        )
        result["post"] = post
    finally:
        stop(server)
    result["load_after"] = load()
    return result


def errors(figures: dict) -> int:
    return (
        figures["status_4xx"]
        + figures["status_5xx"]
        + figures["socket_errors"]
        + figures["login_redirects"]
    )


def report(runs: list[dict]) -> None:
    for processes in sorted({run["processes"] for run in runs}):
        pairs = [run for run in runs if run["processes"] == processes]
        print(
            f"\n### {processes} process(es) each: Spirit gunicorn × {processes} vs "
            f"nginx + gunicorn × {processes} (+ daphne × {processes})\n"
        )
        print(
            "| endpoint | pair | load (1 min) | Spirit req/s | p50 / p95 ms | errors "
            "| ours req/s | p50 / p95 ms | errors | ours CPU ms/req "
            "| ratio req/s | ratio p95 |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for endpoint in ("list", "thread", "post"):
            ratios, p95_ratios = [], []
            for number, pair in enumerate(pairs, 1):
                peer, ours = pair["peer"][endpoint], pair["project"][endpoint]
                ratio = ours["rps"] / peer["rps"]
                p95_ratio = ours["p95_ms"] / peer["p95_ms"]
                ratios.append(ratio)
                p95_ratios.append(p95_ratio)
                rows = ""
                if endpoint == "post":
                    rows = (
                        f" (3xx {peer['status_3xx']}, rows {peer['rows_created']} / "
                        f"3xx {ours['status_3xx']}, rows {ours['rows_created']})"
                    )
                print(
                    f"| {endpoint}{rows} | {number} "
                    f"| {pair['peer']['load_before'][0]} / {pair['project']['load_before'][0]} "
                    f"| {peer['rps']:.1f} | {peer['p50_ms']:.0f} / {peer['p95_ms']:.0f} "
                    f"| {errors(peer)} | {ours['rps']:.1f} "
                    f"| {ours['p50_ms']:.0f} / {ours['p95_ms']:.0f} | {errors(ours)} "
                    f"| {ours['cpu_ms_per_req']} | {ratio:.2f}× | {p95_ratio:.2f}× |"
                )
            print(
                f"| **{endpoint}: median of {len(ratios)}** | | | | | | | | | "
                f"| **{statistics.median(ratios):.2f}×** "
                f"| {statistics.median(p95_ratios):.2f}× |"
            )
        print(
            f"\n#### Signed in (8 sessions) against anonymous, {processes} process(es)\n"
        )
        print(
            "| page | pair | anonymous req/s | p95 ms | signed-in req/s | p95 ms "
            "| errors | CPU ms/req anon / signed | ratio |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for endpoint in ("list", "thread"):
            ratios = []
            for number, pair in enumerate(pairs, 1):
                anon = pair["project"][endpoint]
                signed = pair["project"][f"{endpoint}_signed_in"]
                ratios.append(signed["rps"] / anon["rps"])
                print(
                    f"| {endpoint} | {number} | {anon['rps']:.1f} | {anon['p95_ms']:.0f} "
                    f"| {signed['rps']:.1f} | {signed['p95_ms']:.0f} | {errors(signed)} "
                    f"| {anon['cpu_ms_per_req']} / {signed['cpu_ms_per_req']} "
                    f"| {ratios[-1]:.2f}× |"
                )
            print(
                f"| **{endpoint}: median** | | | | | | | "
                f"| **{statistics.median(ratios):.2f}×** |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument(
        "--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/12")
    )
    parser.add_argument(
        "--peer-root",
        type=Path,
        default=Path.home() / ".cache" / "peers" / "bench",
        help="where spirit.sh keeps its venv, site and database (PEER_ROOT)",
    )
    parser.add_argument("--out", type=Path, default=None, help="JSON of every run")
    parser.add_argument(
        "--report", type=Path, default=None, help="print the tables of a saved run"
    )
    args = parser.parse_args()
    if args.report:
        report(json.loads(args.report.read_text())["runs"])
        return
    workdir = Path(tempfile.mkdtemp(prefix="bench-versus-"))
    env = production_env(workdir, args.redis)
    print(f"Preparing the data set in {workdir} ...", flush=True)
    dataset = prepare(env, workdir)
    manage(env, "collectstatic", "--noinput", "-v", "0")
    print(json.dumps(dataset), flush=True)
    out = args.out or workdir / "versus.json"
    peer_log = (workdir / "spirit.log").open("a")
    runs: list[dict] = []
    document = {"dataset": dataset, "cpus": os.cpu_count(), "runs": runs}
    for processes in args.processes:
        for pair in range(1, args.pairs + 1):
            peer = run_peer(processes, args.seconds, args.peer_root, peer_log)
            document.setdefault("peer_dataset", peer.pop("dataset"))
            project = run_project(processes, args.seconds, env, dataset, workdir)
            runs.append(
                {"processes": processes, "pair": pair, "peer": peer, "project": project}
            )
            out.write_text(json.dumps(document, indent=1))
            print(
                f"{processes} process(es), pair {pair}: "
                + ", ".join(
                    f"{name} {peer[name]['rps']:.0f} vs {project[name]['rps']:.0f} req/s"
                    for name in ("list", "thread", "post")
                )
                + f"; load {project['load_after']}",
                flush=True,
            )
    print(f"\nEvery run's figures: {out}")
    report(runs)


if __name__ == "__main__":
    main()
