"""Many requests at once never exhaust PostgreSQL: each process bounds its connections.

The daphne processes log in as a role with a CONNECTION LIMIT equal to the sizing rule
in docs/deploy.md (processes × per-process bound), so one connection too many is an
error the test sees.
"""

import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import connection

from forum.models import Thread
from tests.factories import PostFactory, ThreadFactory, UserFactory
from tests.live.clients import LiveSocket, Member
from tests.live_server import database_env
from tests.services import require_postgres

pytestmark = pytest.mark.live

HTTP_CONCURRENCY = 2
ASGI_THREADS = 2
# Admitted requests, the socket consumers' thread pool, and their one shared thread.
PER_PROCESS = HTTP_CONCURRENCY + ASGI_THREADS + 1
PROCESSES = 2
REQUESTS = 60
SOCKETS = 10


@pytest.fixture
def bounded_role(transactional_db):
    """A login role that may hold `limit` connections, with the test tables' rights."""
    require_postgres()
    name = f"{connection.settings_dict['NAME']}_bounded"[:63]

    def set_limit(limit: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f'ALTER ROLE "{name}" CONNECTION LIMIT {int(limit)}')

    with connection.cursor() as cursor:
        cursor.execute(f'DROP ROLE IF EXISTS "{name}"')
        # A member of the tables' owner may use them; superuser rights are never inherited.
        cursor.execute(
            f'CREATE ROLE "{name}" LOGIN CONNECTION LIMIT {PROCESSES * PER_PROCESS} '
            f'IN ROLE "{connection.settings_dict["USER"] or "postgres"}"'
        )
    url = urllib.parse.urlsplit(database_env()["DATABASE_URL"])
    netloc = f"{name}@{url.hostname}:{url.port or 5432}"
    role_url = urllib.parse.urlunsplit(url._replace(netloc=netloc))
    yield role_url, set_limit
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
            [name],
        )
        cursor.execute(f'DROP ROLE IF EXISTS "{name}"')


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "HTTP_CONCURRENCY": str(HTTP_CONCURRENCY),
        "HTTP_QUEUE_SECONDS": "60",
        "ASGI_THREADS": str(ASGI_THREADS),
        "FIRST_POSTS_NEEDING_APPROVAL": "0",
        **extra,
    }


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=90) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_a_burst_of_pages_and_sockets_stays_within_the_connection_limit(
    daphne_servers, bounded_role
):
    role_url, _ = bounded_role
    servers = [daphne_servers.start(env=server_env(role_url)) for _ in range(PROCESSES)]
    thread = ThreadFactory()
    for number in range(2, 21):
        PostFactory(thread=thread, number=number, body=f"Reply **{number}**")
    Thread.objects.filter(pk=thread.pk).update(post_count=20, last_post_number=20)
    status, _ = Member(UserFactory()).reply(
        servers[0], thread.pk, "One event to replay"
    )
    assert status == 302, servers[0].log()[-3000:]
    start = threading.Barrier(REQUESTS + SOCKETS)
    statuses, replayed, failures = [], [], []

    def page(server):
        start.wait()
        statuses.append(get(f"{server.url}{thread.get_absolute_url()}")[0])

    def socket(server):
        start.wait()
        try:
            live = LiveSocket(server, thread.pk, after=0)
            try:
                replayed.append(live.next_event(timeout=60)["seq"])
            finally:
                live.close()
        except Exception as error:
            failures.append(repr(error))

    workers = [
        threading.Thread(target=page, args=(servers[i % PROCESSES],))
        for i in range(REQUESTS)
    ] + [
        threading.Thread(target=socket, args=(servers[i % PROCESSES],))
        for i in range(SOCKETS)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    logs = "\n".join(server.log()[-3000:] for server in servers)
    assert sorted(statuses) == [200] * REQUESTS, logs
    assert (replayed, failures) == ([1] * SOCKETS, []), logs


def test_a_database_refusing_connections_is_a_503_with_retry_after(
    daphne_servers, bounded_role
):
    role_url, set_limit = bounded_role
    production = {
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    server = daphne_servers.start(env=server_env(role_url, **production))
    thread = ThreadFactory()
    set_limit(0)
    status, headers, body = get(f"{server.url}{thread.get_absolute_url()}")
    assert status == 503, server.log()[-3000:]
    assert headers["Retry-After"] == "5"
    assert b"The site is busy right now" in body
