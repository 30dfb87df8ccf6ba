"""Where each member stopped reading each thread."""

from accounts.models import User
from accounts.permissions import is_member
from forum.models import ReadState, Thread


def read_state_mark(*, thread: Thread, by: User | None, number: int) -> None:
    """Record that `by` has read `thread` up to post `number`; never moves backwards.

    Viewing a thread page calls this on GET (docs/decisions.md): it must stay idempotent
    and cheap, so a page already read costs one indexed read and writes nothing.
    """
    if not is_member(by) or number < 1:
        return
    current = (
        ReadState.objects.filter(user=by, thread=thread)
        .values_list("last_read_number", flat=True)
        .first()
    )
    if current is not None and current >= number:
        return
    if current is None:
        read_state_advance(thread=thread, by=by, number=number)
    else:
        _move_on(thread=thread, by=by, number=number)


def read_state_advance(*, thread: Thread, by: User, number: int) -> None:
    """Move `by`'s read state on to `number` without reading it first.

    For writes that know the member is further on than before (their own new reply):
    two statements, where the read-first path of a page view would take three.
    """
    # Another tab may insert first: its row wins, and the update below moves it on.
    ReadState.objects.bulk_create(
        [ReadState(user=by, thread=thread, last_read_number=number)],
        ignore_conflicts=True,
    )
    _move_on(thread=thread, by=by, number=number)


def _move_on(*, thread: Thread, by: User, number: int) -> None:
    ReadState.objects.filter(
        user=by, thread=thread, last_read_number__lt=number
    ).update(last_read_number=number)
