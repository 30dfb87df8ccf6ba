"""Django's SQLite backend, with writers from every process queued on one file lock.

SQLite lets one writer in at a time. A writer that finds the database locked sleeps
in SQLite's busy handler (1, 2, 5, 10, 15 … ms) and tries again, so under a steady
stream of writes from two processes (two gunicorn workers, or one and the notification
relay) each collision costs milliseconds of idle time, often more than the transaction
it waited for. Here every write transaction first takes an exclusive lock on
`<database>-writer`, checked every tenth of a millisecond at first, so the next writer
goes in as soon as the last one commits (docs/decisions.md, "Speed, fourth pass"). A statement that writes outside a
transaction takes it for that statement. Readers never take it: WAL lets them read
beside the writer.

The wait is bounded by the connection's `timeout` (logged when reached); past it, the
transaction starts anyway and SQLite's own busy handling decides, as without this lock.
Waiters are not served in order: the first to look after a commit goes in.
A process that cannot open the lock file (another user's, read-only) works without it.
"""

import fcntl
import logging
import os
import time
import weakref

from django.db.backends.sqlite3 import base

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.0001
FAST_POLLS = 50
SLOW_POLL_SECONDS = 0.001
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class WriterLock:
    """One process's handle on the database's writer lock (per connection: flock holds
    per open file, so two threads' connections exclude each other too)."""

    def __init__(self, path: str, timeout: float):
        # flock needs no write access; the file is made beside the database's own.
        self.fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o600)
        self.timeout = timeout
        self.held = False
        # A connection dropped without close() still lets the others in.
        self._closer = weakref.finalize(self, os.close, self.fd)

    def acquire(self) -> None:
        if self.held:
            return
        deadline = time.monotonic() + self.timeout
        tries = 0
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    logger.warning(
                        "SQLite writer lock not free after %ss", self.timeout
                    )
                    return
                # Most transactions here last a few milliseconds: look often at first,
                # then less, so that a long wait costs little CPU.
                tries += 1
                time.sleep(POLL_SECONDS if tries < FAST_POLLS else SLOW_POLL_SECONDS)
            else:
                self.held = True
                return

    def release(self) -> None:
        if self.held:
            self.held = False
            fcntl.flock(self.fd, fcntl.LOCK_UN)

    def close(self) -> None:
        self.release()
        self._closer()


class CursorWrapper(base.SQLiteCursorWrapper):
    writer_lock: WriterLock | None = None

    def execute(self, query, params=None):
        return self._run(super().execute, query, params)

    def executemany(self, query, param_list):
        return self._run(super().executemany, query, param_list)

    def _run(self, run, query, params):
        if not self._alone(query):
            return run(query, params)
        self.writer_lock.acquire()
        try:
            return run(query, params)
        finally:
            self.writer_lock.release()

    def _alone(self, query: str) -> bool:
        """A write outside any transaction (SQLite's own, or one opened by BEGIN)."""
        return (
            self.writer_lock is not None
            and not self.writer_lock.held
            and not self.connection.in_transaction
            and query.lstrip()[:7].upper().startswith(_WRITES)
        )


class DatabaseWrapper(base.DatabaseWrapper):
    writer_lock: WriterLock | None = None

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if not self.is_in_memory_db():
            try:
                self.writer_lock = WriterLock(
                    f"{self.settings_dict['NAME']}-writer",
                    float(self.settings_dict["OPTIONS"].get("timeout", 5)),
                )
            except OSError:
                logger.warning("SQLite writer lock unavailable; SQLite's own locking")
                self.writer_lock = None
        return connection

    def create_cursor(self, name=None):
        cursor = self.connection.cursor(factory=CursorWrapper)
        cursor.writer_lock = self.writer_lock
        return cursor

    def _start_transaction_under_autocommit(self):
        if self.writer_lock is not None:
            self.writer_lock.acquire()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_writer_lock()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release_writer_lock()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_writer_lock()

    def _close(self):
        try:
            return super()._close()
        finally:
            if self.writer_lock is not None:
                self.writer_lock.close()
                self.writer_lock = None

    def _release_writer_lock(self) -> None:
        if self.writer_lock is not None:
            self.writer_lock.release()
