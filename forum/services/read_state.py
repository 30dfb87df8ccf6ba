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
        # Another tab may insert first: its row wins, and the update below moves it on.
        ReadState.objects.bulk_create(
            [ReadState(user=by, thread=thread, last_read_number=number)],
            ignore_conflicts=True,
        )
    ReadState.objects.filter(
        user=by, thread=thread, last_read_number__lt=number
    ).update(last_read_number=number)
