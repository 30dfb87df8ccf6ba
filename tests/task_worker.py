"""Real `manage.py db_worker` and `manage.py notification_relay` processes on the test
database, and the database backend for the test process, so that queued tasks wait in
the table as in production."""

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.test import override_settings

from tests.live_server import ROOT, database_env

DATABASE_TASKS = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
)


@dataclass
class Worker:
    process: subprocess.Popen
    log_path: Path

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


def start_worker(log_dir: Path, env: dict[str, str] | None = None) -> Worker:
    """`manage.py db_worker` as `make run` starts it, polling every tenth of a second."""
    return _start(
        log_dir,
        "worker",
        ["db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"],
        {
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            # Links it signs must open on the test's servers.
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            **(env or {}),
        },
    )


def start_relay(log_dir: Path, env: dict[str, str] | None = None) -> Worker:
    """`manage.py notification_relay` as `make serve` starts it, looking often."""
    return _start(
        log_dir,
        "relay",
        ["notification_relay", "--interval", "0.05"],
        {
            "POST_NOTIFICATIONS_IN_WORKER": "1",
            "REDIS_URL": settings.REDIS_URL,
            **(env or {}),
        },
    )


def _start(log_dir: Path, name: str, command: list[str], env: dict[str, str]) -> Worker:
    """A `manage.py` command on the test database, its output in `<name>-<n>.log`."""
    log_path = log_dir / f"{name}-{len(list(log_dir.glob(f'{name}-*')))}.log"
    process = subprocess.Popen(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **database_env(),
            **env,
        },
        stdout=log_path.open("ab"),
        stderr=subprocess.STDOUT,
    )
    return Worker(process=process, log_path=log_path)


def wait_for(condition, *, worker: Worker, what: str, timeout: float = 30.0):
    """Poll `condition()` until it is truthy; fail with the worker's log otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if worker.process.poll() is not None:
            raise AssertionError(f"the worker exited before {what}:\n{worker.log()}")
        time.sleep(0.05)
    raise AssertionError(f"no {what} within {timeout}s:\n{worker.log()}")
