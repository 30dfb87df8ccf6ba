"""Blocking between members (SPEC §3, §4 `/u/<username>/block/`).

A block works both ways: neither member sees the other's posts (they arrive collapsed),
mentions, quotes or notifications. Moderators, staff and admins can be neither blocked
nor stopped by a block: they act on everyone.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Block, User
from accounts.permissions import can_moderate, is_member


def is_staff_side(user: User) -> bool:
    """Moderators, staff and admins: never blocked, never held back by a block."""
    return can_moderate(user) or user.is_staff


_is_staff_side = is_staff_side


def is_blocked_between(a: User | None, b: User | None) -> bool:
    """True when either of the two blocked the other. A moderator or staff member on
    either side is never held back by a block."""
    if a is None or b is None or not a.pk or not b.pk or a.pk == b.pk:
        return False
    if _is_staff_side(a) or _is_staff_side(b):
        return False
    return Block.objects.filter(
        Q(blocker_id=a.pk, blocked_id=b.pk) | Q(blocker_id=b.pk, blocked_id=a.pk)
    ).exists()


def blocked_ids_for(user: User | None) -> set[int]:
    """The members `user` blocked or was blocked by (empty for moderators and staff)."""
    return set(block_sides_for(user))


BLOCKS_CACHE = "_block_sides"
# Within one write (blocks_read_once), each member's blocks by member id.
_write_reads: ContextVar[dict[int, dict] | None] = ContextVar(
    "block_reads", default=None
)


@contextmanager
def blocks_read_once() -> Iterator[None]:
    """Within the block, each member's blocks are read from the database once.

    A reply asks three times for its author's blocks (quotes, the audience, the
    sending); one write sees the blocks as they were when it began, like any read in
    its transaction."""
    token = _write_reads.set({})
    try:
        yield
    finally:
        _write_reads.reset(token)


def block_sides_for(
    user: User | None, *, remember: bool = False
) -> dict[int, tuple[str, str]]:
    """{other member's id: (side, username)}, side "mine" (user blocked them) or
    "theirs" (they blocked user); empty for visitors, moderators and staff.

    One query. With `remember` (a page's reads: it asks twice, for its posts and for
    its live script) the answer is kept on the `user` object for the rest of the
    request; services never pass it, so a write always sees the blocks as they are."""
    if not is_member(user) or _is_staff_side(user):
        return {}
    cached = getattr(user, BLOCKS_CACHE, None) if remember else None
    if cached is not None:
        return cached
    reads = _write_reads.get()
    if reads is not None and user.pk in reads:
        return reads[user.pk]
    sides: dict[int, tuple[str, str]] = {}
    pairs = Block.objects.filter(Q(blocker_id=user.pk) | Q(blocked_id=user.pk))
    for blocker, blocked, blocker_name, blocked_name in pairs.values_list(
        "blocker_id", "blocked_id", "blocker__username", "blocked__username"
    ):
        if blocker == user.pk:
            sides[blocked] = ("mine", blocked_name)
        else:
            sides.setdefault(blocker, ("theirs", blocker_name))
    if remember:
        setattr(user, BLOCKS_CACHE, sides)
    if reads is not None:
        reads[user.pk] = sides
    return sides


def _forget(user: User) -> None:
    if hasattr(user, BLOCKS_CACHE):
        delattr(user, BLOCKS_CACHE)


@transaction.atomic
def member_block(*, user: User, by: User) -> Block:
    """`by` blocks `user`; blocking twice keeps the first block."""
    if not is_member(by):
        raise PermissionDenied(_("Log in to block a member."))
    if user.pk == by.pk:
        raise ValidationError(_("You cannot block yourself."), code="self")
    if _is_staff_side(user):
        raise ValidationError(
            _("Moderators and staff cannot be blocked: they look after everyone."),
            code="staff",
        )
    if user.erased_at is not None or not user.is_active:
        raise ValidationError(_("This account no longer exists."), code="gone")
    _forget(by)
    existing = Block.objects.filter(blocker=by, blocked=user).first()
    if existing is not None:
        return existing
    try:
        # A double click races to the unique constraint: one block either way.
        with transaction.atomic():
            return Block.objects.create(blocker=by, blocked=user)
    except IntegrityError:
        return Block.objects.get(blocker=by, blocked=user)


@transaction.atomic
def member_unblock(*, user: User, by: User) -> bool:
    """`by` lifts their block of `user`; returns whether there was one."""
    if not is_member(by):
        raise PermissionDenied(_("Log in to manage your blocks."))
    _forget(by)
    removed, _rows = Block.objects.filter(blocker=by, blocked=user).delete()
    return bool(removed)
