"""Concurrent writers for race tests: real threads, each with its own database connection.

A test using it needs `django_db(transaction=True)`: each thread opens its own
connection, which must see the rows the test created.
"""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def run_concurrently(calls: list[Callable[[], Any]], *, timeout: float = 60) -> list:
    """Start every call at the same moment, each in its own thread; return their results
    (in the order they finished). Fails if a call raised or did not finish in time."""
    start = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            start.wait(timeout=timeout)
            results.append(call())
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(call,)) for call in calls]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=timeout)
    assert not any(worker.is_alive() for worker in workers), "a writer did not finish"
    assert errors == []
    return results
