"""/healthz against real failures: a database and a Redis that do not answer."""

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db

PROBE = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/healthz", headers={"host": "localhost"})
print(json.dumps({"http_status": response.status_code, **json.loads(response.content)}))
"""


def closed_port() -> int:
    # Bound and closed again: nothing listens there, so connections are refused.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def probe(env: dict[str, str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_healthz_is_ok_when_everything_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": True,
        "channel_layer": True,
    }
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_is_unreachable():
    port = closed_port()
    answer = probe({"DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/none"})
    assert answer["http_status"] == 503
    assert answer["database"] is False
    assert answer["channel_layer"] is True


def test_healthz_is_503_when_sqlite_cannot_open_its_file(tmp_path):
    answer = probe({"SQLITE_PATH": str(tmp_path / "missing-dir" / "db.sqlite3")})
    assert answer["http_status"] == 503
    assert answer["database"] is False


def test_healthz_is_503_when_redis_is_unreachable(tmp_path):
    port = closed_port()
    answer = probe(
        {
            "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
            "REDIS_URL": f"redis://127.0.0.1:{port}/0",
        }
    )
    assert answer["http_status"] == 503
    assert answer["database"] is True
    assert answer["channel_layer"] is False
