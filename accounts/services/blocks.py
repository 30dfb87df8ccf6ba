"""Blocking between members (SPEC §3, §4 `/u/<username>/block/`).

A block works both ways: neither member sees the other's posts (they arrive collapsed),
mentions, quotes or notifications. Moderators, staff and admins can be neither blocked
nor stopped by a block: they act on everyone.
"""

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
    if not is_member(user) or _is_staff_side(user):
        return set()
    pairs = Block.objects.filter(Q(blocker_id=user.pk) | Q(blocked_id=user.pk))
    return {
        blocked if blocker == user.pk else blocker
        for blocker, blocked in pairs.values_list("blocker_id", "blocked_id")
    }


def block_sides_for(user: User | None) -> dict[int, str]:
    """{other member's id: "mine" (user blocked them) or "theirs" (they blocked user)}
    in one query; empty for visitors, moderators and staff."""
    if not is_member(user) or _is_staff_side(user):
        return {}
    sides: dict[int, str] = {}
    pairs = Block.objects.filter(Q(blocker_id=user.pk) | Q(blocked_id=user.pk))
    for blocker, blocked in pairs.values_list("blocker_id", "blocked_id"):
        if blocker == user.pk:
            sides[blocked] = "mine"
        else:
            sides.setdefault(blocker, "theirs")
    return sides


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
    removed, _rows = Block.objects.filter(blocker=by, blocked=user).delete()
    return bool(removed)
