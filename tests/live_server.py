"""Real daphne processes for tests: the same command `make run` uses, on a free port.

They share the test database (PostgreSQL, or the SQLite test file) and, when REDIS_URL is
set, the channel layer and cache, so several of them behave like a production deployment.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
DAPHNE = str(Path(sys.executable).with_name("daphne"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_env() -> dict[str, str]:
    """Point a child process at the database this test session created."""
    db = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        user = db.get("USER") or "postgres"
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        host = db.get("HOST") or "127.0.0.1"
        port = db.get("PORT") or 5432
        return {
            "DATABASE_URL": f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"
        }
    if "memory" in str(db["NAME"]):
        raise RuntimeError("A live server needs a file-based SQLite test database.")
    return {"DATABASE_URL": "", "SQLITE_PATH": str(db["NAME"])}


# Production settings, as members are served, over plain HTTP on loopback. The secret key
# is the test process's, so that sessions it creates are valid in the child.
def production_env() -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
    }


_static_collected = False


def collect_static() -> None:
    """Production settings serve hashed static files from STATIC_ROOT (as `make run`
    does): collected once per test session."""
    global _static_collected
    if not _static_collected:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env={**os.environ, **production_env()},
            check=True,
        )
        _static_collected = True


@dataclass
class Daphne:
    port: int
    process: subprocess.Popen
    log_path: Path
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log(self) -> str:
        return (
            self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        )


def start_daphne(
    log_dir: Path, env: dict[str, str] | None = None, port: int | None = None
) -> Daphne:
    port = port or free_port()
    collect_static()
    child_env = {
        **os.environ,
        **production_env(),
        "REDIS_URL": settings.REDIS_URL,
        # No notification relay runs beside a test's daphne unless the test starts one
        # (tests/task_worker.py start_relay): notifications are made in the request.
        "POST_NOTIFICATIONS_IN_WORKER": "0",
        **database_env(),
        **(env or {}),
    }
    log_path = log_dir / f"daphne-{port}.log"
    log_file = log_path.open("ab")
    process = subprocess.Popen(
        [
            DAPHNE,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--websocket-max-message-size",
            "16384",
            "config.asgi:application",
        ],  # fmt: skip
        cwd=ROOT,
        env=child_env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    server = Daphne(port=port, process=process, log_path=log_path, extra_env=env or {})
    try:
        wait_until_healthy(server, name="daphne")
    except RuntimeError:
        server.stop()
        raise
    return server


def wait_until_healthy(server, *, name: str, timeout: float = 30.0) -> None:
    """Wait for `server` (with .process, .url and .log()) to answer /healthz with 200;
    RuntimeError with its log if it exits first or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{name} exited early:\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(
        f"{name} did not answer /healthz within {timeout}s:\n{server.log()}"
    )


class RedisServer:
    """A private redis-server on a free port; the machine's shared Redis is never touched."""

    def __init__(self, binary: str, directory: Path):
        self.binary = binary
        self.port = free_port()
        self.dir = directory
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
            finally:
                client.close()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
