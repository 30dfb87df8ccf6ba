"""Which production topology serves pages faster: measured, not assumed (docs/decisions.md).

(a) daphne serving everything, with HTTP admission control (HTTP_CONCURRENCY requests
    inside Django per process), and (b) `python -m config.serve`: nginx in front of
    gunicorn sync workers for pages and daphne for /ws/. Both with production settings,
    the `manage.py seed_bench` data (a category of 200 threads, one thread of 1,000
    replies) in SQLite, one process each, measured with wrk (8 connections, the peer's
    script ../shared/peer/wrk_bench.lua) on the category page and the thread's first page.

    .venv/bin/python bench/topology.py [--seconds 10] [--rounds 2]
"""

import argparse
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# `NICE=-5` runs servers and client at raised priority on a machine busy with other work.
NICE = ["nice", "-n", os.environ["NICE"]] if os.environ.get("NICE") else []
WRK_SCRIPT = ROOT.parent / "shared" / "peer" / "wrk_bench.lua"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(
    port: int, process: subprocess.Popen, timeout: float = 90
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server exited early")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not answer /healthz")


def wrk(
    url: str,
    seconds: int,
    label: str,
    env: dict[str, str] | None = None,
    warmup: int = 3,
    between=None,
) -> dict:
    """The peer's client: a warm-up (discarded), then `seconds` measured, 8 threads of
    one connection each. `env` passes BENCH_POST / BENCH_SESSIONS / BENCH_FIELD to the
    script; `between` runs after the warm-up (e.g. to count rows before the measure)."""
    base = [*NICE, "wrk", "-t8", "-c8", "--timeout", "10s", "-s", str(WRK_SCRIPT)]
    child_env = {**os.environ, **(env or {}), "BENCH_LABEL": label}
    subprocess.run(
        [*base, f"-d{warmup}s", url], capture_output=True, check=True, env=child_env
    )
    if between is not None:
        between()
    result = subprocess.run(
        [*base, f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
        env=child_env,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def tree_cpu_seconds(root_pid: int) -> float:
    """User + system CPU of a process and all its descendants (a busy machine's
    other load does not count in it, unlike requests per second)."""
    parents, cpu = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    total, frontier = 0.0, [root_pid]
    while frontier:
        pid = frontier.pop()
        total += cpu.get(pid, 0.0)
        frontier += [child for child, parent in parents.items() if parent == pid]
    return total


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--only", default="", help="measure only topologies whose name contains this"
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-topology-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": "",
        "SQLITE_PATH": str(workdir / "bench.sqlite3"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
    }
    for step in (["migrate", "--noinput", "-v", "0"], ["seed_bench"]):
        subprocess.run(
            [sys.executable, "manage.py", *step], cwd=ROOT, env=env, check=True
        )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )

    def daphne(concurrency: int):
        port = free_port()
        command = [*NICE, str(BIN / "daphne"), "--bind", "127.0.0.1", "--port", str(port),
                   "--websocket-max-message-size", "16384", "config.asgi:application"]  # fmt: skip
        child_env = {**env, "HTTP_CONCURRENCY": str(concurrency)}
        return port, subprocess.Popen(
            command, cwd=ROOT, env=child_env, stderr=subprocess.DEVNULL
        )

    def serve():
        port = free_port()
        child_env = {**env, "PORT": str(port), "WEB_CONCURRENCY": "1"}
        return port, subprocess.Popen(
            [*NICE, sys.executable, "-m", "config.serve"],
            cwd=ROOT,
            env=child_env,
            stderr=subprocess.DEVNULL,
        )

    topologies = {
        "daphne, HTTP_CONCURRENCY=1": lambda: daphne(1),
        "daphne, HTTP_CONCURRENCY=2": lambda: daphne(2),
        "daphne, no admission bound (1000)": lambda: daphne(1000),
        "nginx + gunicorn (1 sync worker)": serve,
    }
    rows = []
    for round_number in range(1, args.rounds + 1):
        for name, start in topologies.items():
            if args.only not in name:
                continue
            port, process = start()
            try:
                wait_until_serving(port, process)
                base = f"http://127.0.0.1:{port}"
                # The first bench thread is the oldest: on the category's last page.
                with urllib.request.urlopen(f"{base}/c/bench/?page=8") as response:
                    page = response.read().decode()
                thread = re.search(r'href="(/t/\d+/bench-thread-1/)"', page).group(1)
                for page_name, path in (("category", "/c/bench/"), ("thread", thread)):
                    before = tree_cpu_seconds(process.pid)
                    figures = wrk(base + path, args.seconds, f"{name} {page_name}")
                    # The warm-up's requests are not counted in `requests`: CPU is
                    # read around both runs, so divide by both (3 s + measured).
                    spent = tree_cpu_seconds(process.pid) - before
                    served = figures["requests"] * (args.seconds + 3) / args.seconds
                    figures["cpu_ms"] = spent / served * 1000
                    rows.append((round_number, name, page_name, figures))
                    print(
                        f"| {round_number} | {name} | {page_name} | {figures['rps']:.0f} "
                        f"| {figures['p50_ms']:.0f} | {figures['p95_ms']:.0f} "
                        f"| {figures['cpu_ms']:.1f} "
                        f"| {figures['status_5xx'] + figures['socket_errors']} |",
                        flush=True,
                    )
            finally:
                stop(process)


if __name__ == "__main__":
    main()
