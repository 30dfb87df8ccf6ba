import pytest
from asgiref.sync import SyncToAsync
from django.db import connections
from django_tasks.signals import clear_tasks_handlers

from accounts.models import MembershipRole
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def pytest_configure(config):
    from django.conf import settings

    # Hashing with production rounds dominated the suite's run time.
    settings.PASSWORD_HASHERS = ["tests.hashers.FastPBKDF2PasswordHasher"]
    # Tasks run at once, in the committing thread: a test reads mail.outbox (or any
    # task's effect) right after the request, as it did before mail was queued. Tests of
    # the queue itself switch to the database backend and run a real worker
    # (tests/core/test_mail_tasks.py).
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    clear_tasks_handlers(setting="TASKS")
    # For the same reason a post's notifications are made in the request, as without
    # Redis; tests of the relay turn it on (tests/forum/test_notify_worker.py).
    settings.POST_NOTIFICATIONS_IN_WORKER = False


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: Playwright's sync API leaves an event loop in the main
    thread for the rest of the session, which async consumer tests cannot share."""
    items.sort(key=lambda item: item.path.parent.name == "browser")


@pytest.fixture(scope="session", autouse=True)
def _close_sync_thread_connections(django_db_setup, django_db_blocker):
    """Async tests anywhere (live sockets, the moderation queue socket, sanctions) run
    database_sync_to_async on one long-lived thread: close its connection before the
    test database is dropped, or PostgreSQL refuses to drop it."""
    yield
    with django_db_blocker.unblock():
        SyncToAsync.single_thread_executor.submit(connections.close_all).result()


@pytest.fixture(autouse=True)
def _default_language():
    """A request leaves its language active in the thread, and services translate the
    text they store (post bodies, notices): each test starts in the default language."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and throttles live in the cache: each test starts with none, and
    with no rendered posts kept in the process's memory."""
    from django.core.cache import caches

    from forum.fragments import recent

    def clear():
        for alias in ("default", "sessions"):
            caches[alias].clear()

    clear()
    recent.clear()
    yield
    clear()


@pytest.fixture
def member(db):
    return UserFactory(username="member_one")


@pytest.fixture
def other_member(db):
    return UserFactory(username="member_two")


@pytest.fixture
def moderator(db):
    return UserFactory(username="moderator_one", is_moderator=True)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin_one", is_superuser=True, is_staff=True)


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def org_editor(db, organisation):
    editor = UserFactory(username="editor_one")
    MembershipFactory(
        user=editor, organisation=organisation, role=MembershipRole.EDITOR
    )
    return editor


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, tmp_path_factory
):
    """SQLite: keep the test database in a file so that daphne subprocesses share it."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "core.sqlite":
        path = tmp_path_factory.mktemp("db") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


@pytest.fixture
def daphne_servers(transactional_db, tmp_path):
    """Start real daphne processes on demand: `daphne_servers.start()`; all stop after the test."""
    from tests.live_server import start_daphne

    class Servers:
        def __init__(self):
            self.running = []

        def start(self, env=None, port=None):
            server = start_daphne(tmp_path, env=env, port=port)
            self.running.append(server)
            return server

    servers = Servers()
    yield servers
    for server in servers.running:
        server.stop()


@pytest.fixture
def live_site(daphne_servers):
    """One real daphne process serving the site (HTTP and WebSockets)."""
    return daphne_servers.start()
