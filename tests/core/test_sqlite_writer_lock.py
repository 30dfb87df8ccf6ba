"""SQLite writers queue on one file lock (core.sqlite): a write transaction holds it
from BEGIN to COMMIT or ROLLBACK, and a write outside a transaction for its
statement."""

import fcntl
import os
import threading

import pytest
from django.db import connection, connections, transaction

from forum.models import Category

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("the writer lock is SQLite's")


def _lock_is_free() -> bool:
    fd = os.open(f"{connection.settings_dict['NAME']}-writer", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


def test_a_write_transaction_holds_the_lock_until_it_ends():
    assert _lock_is_free()
    with transaction.atomic():
        Category.objects.create(name="Held", slug="held")
        assert not _lock_is_free()
    assert _lock_is_free()
    with pytest.raises(RuntimeError), transaction.atomic():
        Category.objects.create(name="Rolled back", slug="rolled-back")
        assert not _lock_is_free()
        raise RuntimeError
    assert _lock_is_free()
    # Reads outside a transaction never take it.
    list(Category.objects.all())
    assert _lock_is_free()


def test_a_write_outside_a_transaction_waits_for_the_lock():
    fd = os.open(f"{connection.settings_dict['NAME']}-writer", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another process's writer, in effect
    done = threading.Event()

    def write():
        try:
            Category.objects.filter(slug="none").update(name="x")
            Category.objects.create(name="Waited", slug="waited")
        finally:
            connections.close_all()
            done.set()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert not done.wait(0.5)
        assert not Category.objects.filter(slug="waited").exists()
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    assert done.wait(10)
    writer.join()
    assert Category.objects.filter(slug="waited").exists()
    assert _lock_is_free()
