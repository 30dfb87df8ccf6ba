"""Where each member stopped reading each thread."""

from accounts.models import User
from accounts.permissions import is_member
from forum.models import ReadState, Thread


def read_state_mark(*, thread: Thread, by: User | None, number: int) -> None:
    """Record that `by` has read `thread` up to post `number`; never moves backwards."""
    if not is_member(by) or number < 1:
        return
    updated = ReadState.objects.filter(
        user=by, thread=thread, last_read_number__lt=number
    ).update(last_read_number=number)
    if not updated:
        # No row, or one already further along: insert, and let an existing row win.
        ReadState.objects.bulk_create(
            [ReadState(user=by, thread=thread, last_read_number=number)],
            ignore_conflicts=True,
        )
