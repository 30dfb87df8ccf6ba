"""Where each member stopped reading each thread."""

from django.db import connection

from accounts.models import User
from accounts.permissions import is_member
from forum.models import ReadState, Thread

# One statement that inserts or moves the row on, never back: two tabs reading different
# pages at once must leave the further one. SQLite (3.24+) and PostgreSQL both speak it;
# the ORM's upsert cannot say "only if larger".
_ADVANCE_SQL = (
    "INSERT INTO {table} (user_id, thread_id, last_read_number) VALUES (%s, %s, %s) "
    "ON CONFLICT (user_id, thread_id) DO UPDATE "
    "SET last_read_number = excluded.last_read_number "
    "WHERE {table}.last_read_number < excluded.last_read_number"
)


def read_state_mark(*, thread: Thread, by: User | None, number: int) -> bool:
    """Record that `by` has read `thread` up to post `number`; never moves backwards.
    True when it moved on.

    Viewing a thread page calls this on GET (docs/decisions.md): it must stay idempotent
    and cheap, so a page already read costs one indexed read and writes nothing.
    """
    if not is_member(by) or number < 1:
        return False
    current = (
        ReadState.objects.filter(user=by, thread=thread)
        .values_list("last_read_number", flat=True)
        .first()
    )
    if current is None or current < number:
        read_state_advance(thread=thread, by=by, number=number)
        return True
    return False


def read_state_advance(*, thread: Thread, by: User, number: int) -> None:
    """Move `by`'s read state on to `number` in one statement, without reading it first.

    For writes that know the member is further on than before (their own new reply).
    """
    table = connection.ops.quote_name(ReadState._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_ADVANCE_SQL.format(table=table), [by.pk, thread.pk, number])
