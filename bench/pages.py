"""Forum pages benchmark: requests/s and p50/p95 at 8 concurrent keep-alive connections.

Runs the site as production runs it (DJANGO_DEBUG=0, whitenoise, manifest static files)
over plain HTTP on loopback (DJANGO_HTTPS=0), in one daphne process (or, with
`--server gunicorn`, one gunicorn sync worker serving `config.wsgi`), against the
`manage.py seed_bench` data set: home, the category, the first and the last page of the
1,000-reply thread (anonymous, and the last page as a signed-in member, which also writes
the read state), posting a reply, and the practice exchange (`manage.py
seed_bench_exchange`: /exchange/ with facets, filters, a tag, free text, the feed and a
write-up page).

    .venv/bin/python bench/pages.py                       # SQLite in a temporary file
    .venv/bin/python bench/pages.py --postgres postgres://postgres@127.0.0.1:5432/rx_bench \\
        --redis redis://127.0.0.1:6379/3
    .venv/bin/python bench/pages.py --server gunicorn --only category --only 'POST alone'

The load generator runs on the same 2-core machine as the server, so requests/s and
latency are a floor for what the server alone can do, and move with whatever else runs.
The server process's own CPU time per request (read from /proc) is the figure that other
load disturbs least; on PostgreSQL the database's CPU is not in it. For gunicorn it is the
worker's, not the arbiter's.
"""

import argparse
import http.client
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DAPHNE = str(Path(sys.executable).with_name("daphne"))
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
BENCH_PASSWORD = "bench-password-not-secret"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
EXCHANGE_FILTERED = (
    "/exchange/?area=employment&area=housing&country=IT&evidence=randomised"
)
EXCHANGE_TAGGED = "/exchange/?tag=women&setting=prison&sort=implemented"


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0
    server_cpu: float = 0.0

    def row(self) -> str:
        count = len(self.latencies)
        if count < 2:
            return f"| {self.name} | {count} | - | - | - | - | {self.errors} |"
        cuts = statistics.quantiles(self.latencies, n=100)
        return (
            f"| {self.name} | {count} | {count / self.elapsed:.0f} | "
            f"{cuts[49] * 1000:.1f} | {cuts[94] * 1000:.1f} | "
            f"{self.server_cpu / count * 1000:.1f} | {self.errors} |"
        )


class Session:
    """One keep-alive connection with its own cookies (one "browser")."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body: dict | None = None):
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=30
            )
            raise
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, content.decode("utf-8", "replace")

    def log_in(self, username: str) -> None:
        status, _headers, page = self.request("GET", "/accounts/login/")
        token = CSRF_INPUT.search(page).group(1)
        status, _headers, _page = self.request(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": BENCH_PASSWORD,
            },
        )
        if status != 302:
            raise RuntimeError(f"login as {username} failed with {status}")


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc): load-independent cost."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(
    name: str, sessions: list[Session], make_request, seconds: float, server_pid: int
) -> Result:
    result = Result(name)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(session: Session, index: int) -> None:
        n = 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                ok = make_request(session, index, n)
            except (http.client.HTTPException, OSError):
                ok = False
            took = time.perf_counter() - started
            with lock:
                if ok:
                    result.latencies.append(took)
                else:
                    result.errors += 1
            n += 1

    threads = [
        threading.Thread(target=worker, args=(session, index))
        for index, session in enumerate(sessions)
    ]
    started = time.monotonic()
    cpu_before = process_cpu_seconds(server_pid)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.elapsed = time.monotonic() - started
    result.server_cpu = process_cpu_seconds(server_pid) - cpu_before
    return result


def get(path: str, expected: int = 200):
    def make_request(session: Session, index: int, n: int) -> bool:
        status, _headers, _page = session.request("GET", path)
        return status == expected

    return make_request


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def wait_until_serving(
    process: subprocess.Popen, port: int, timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited early")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not answer /healthz")


def serving_pid(server: subprocess.Popen, kind: str) -> int:
    """The process that runs Django: daphne itself, or gunicorn's one worker."""
    if kind != "gunicorn":
        return server.pid
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text()
    return int(children.split()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", metavar="DATABASE_URL", default="")
    parser.add_argument("--redis", metavar="REDIS_URL", default="")
    parser.add_argument("--seconds", type=float, default=10.0, help="per scenario")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--server", choices=["daphne", "gunicorn"], default="daphne")
    parser.add_argument(
        "--only", action="append", default=[], help="run rows whose name has this text"
    )
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": options.postgres,
        "REDIS_URL": options.redis,
        "SQLITE_PATH": str(workdir / "bench.sqlite3"),
        "LOG_LEVEL": "WARNING",
        # Measure the publishing path, not the approval queue or the posting limit.
        "FIRST_POSTS_NEEDING_APPROVAL": "0",
        "FORUM_REPLIES_PER_MINUTE": "1000000",
    }
    database = "PostgreSQL" if options.postgres else "SQLite"
    print(f"Preparing {database} data set in {workdir} ...", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "seed_bench")
    manage(env, "seed_bench_exchange")
    manage(env, "collectstatic", "--noinput")

    log = (workdir / f"{options.server}.log").open("wb")
    if options.server == "gunicorn":
        command = [GUNICORN, "--bind", f"127.0.0.1:{options.port}", "--workers", "1",
                   "--worker-class", "sync", "config.wsgi:application"]  # fmt: skip
    else:
        command = [DAPHNE, "--bind", "127.0.0.1", "--port", str(options.port),
                   "--websocket-max-message-size", "16384", "config.asgi:application"]  # fmt: skip
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        wait_until_serving(server, options.port)
        results = measure(options, serving_pid(server, options.server))
    finally:
        server.terminate()
        server.wait(timeout=15)
    print(f"\n{database}, 1 {options.server} process, {options.connections} "
          f"connections, {options.seconds:.0f} s per row\n")  # fmt: skip
    print("| page | requests | req/s | p50 ms | p95 ms | server CPU ms/req | errors |")
    print("|---|---|---|---|---|---|---|")
    for result in results:
        print(result.row())


def measure(options, server_pid: int) -> list[Result]:
    probe = Session(options.port)
    _status, _headers, page = probe.request("GET", "/c/bench/?page=8")
    # The first bench thread is the oldest, so it is on the category's last page.
    links = re.findall(r'href="(/t/(\d+)/bench-thread-1/)"', page)
    thread_url, thread_id = links[0]
    last_page = (1_001 - 1) // 20 + 1

    anonymous = [Session(options.port) for _ in range(options.connections)]
    members = [Session(options.port) for _ in range(options.connections)]
    for index, session in enumerate(members):
        session.log_in(f"bench_member_{index:02d}")

    def reply(session: Session, index: int, n: int) -> bool:
        _status, _headers, page = session.request(
            "GET", f"/t/{thread_id}/{thread_url.split('/')[3]}/?page={last_page}"
        )
        token = CSRF_INPUT.search(page).group(1)
        status, headers, _page = session.request(
            "POST",
            f"/t/{thread_id}/reply/",
            {
                "csrfmiddlewaretoken": token,
                "body": f"Bench reply {index}-{n}: *thanks*, this helped.",
                "idempotency_key": f"bench-{index}-{n}-{secrets.token_hex(4)}",
            },
        )
        return status == 302

    tokens: dict[int, str] = {}

    def reply_post(session: Session, index: int, n: int) -> bool:
        """The POST alone, with a token fetched once per session."""
        if index not in tokens:
            _status, _headers, page = session.request("GET", f"{thread_url}?page=1")
            tokens[index] = CSRF_INPUT.search(page).group(1)
        status, _headers, _page = session.request(
            "POST",
            f"/t/{thread_id}/reply/",
            {
                "csrfmiddlewaretoken": tokens[index],
                "body": f"Bench reply {index}-{n}: *thanks*, this helped.",
                "idempotency_key": f"bench-post-{index}-{n}-{secrets.token_hex(4)}",
            },
        )
        return status == 302

    scenarios = [
        ("home `/`", anonymous, get("/")),
        ("category `/c/bench/`", anonymous, get("/c/bench/")),
        ("thread, first page", anonymous, get(f"{thread_url}?page=1")),
        ("thread, last page", anonymous, get(f"{thread_url}?page={last_page}")),
        # Page 51 holds one post; page 50 is the last full page (20 posts).
        ("thread, page 50 of 51", anonymous, get(f"{thread_url}?page=50")),
        ("thread, last page (member)", members, get(f"{thread_url}?page={last_page}")),
        ("reply: thread page + POST", members, reply),
        ("reply: POST alone", members, reply_post),
        (
            "exchange `/exchange/` (1,000 write-ups, facets)",
            anonymous,
            get("/exchange/"),
        ),
        ("exchange, 3 filters", anonymous, get(EXCHANGE_FILTERED)),
        ("exchange, tag + sort by implemented", anonymous, get(EXCHANGE_TAGGED)),
        ("exchange, free text `q`", anonymous, get("/exchange/?q=peer+mentor")),
        ("exchange feed, filtered", anonymous, get("/exchange/feed/?area=housing")),
        ("write-up page", anonymous, get("/exchange/bench-programme-7/")),
    ]
    if options.only:
        scenarios = [
            row for row in scenarios if any(part in row[0] for part in options.only)
        ]
    results = []
    for name, sessions, make_request in scenarios:
        # Warm up connections and caches, then measure.
        run(name, sessions, make_request, min(2.0, options.seconds), server_pid)
        results.append(run(name, sessions, make_request, options.seconds, server_pid))
        print(results[-1].row(), flush=True)
    return results


if __name__ == "__main__":
    main()
