"""Sanction state on a member (User.silenced_until, suspended_until): the only writes.

moderation decides and records (audit entry, statement of reasons); these functions change
the member's row and close their live sockets when they can no longer be signed in.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_moderate, require_moderator
from core import live


def sanction_target_lock(*, user: User, by: User) -> User:
    """The member's row, locked, once `by` is allowed to sanction them.

    Call inside the sanction's transaction."""
    require_moderator(by)
    if user.pk == by.pk:
        raise PermissionDenied(_("You cannot sanction yourself."))
    if can_moderate(user):
        raise PermissionDenied(
            _("Moderators and administrators are managed by an administrator.")
        )
    return User.objects.select_for_update().get(pk=user.pk)


@transaction.atomic
def member_silence(*, user: User, by: User, until: datetime) -> User:
    """The member can read but not post until `until`."""
    user = sanction_target_lock(user=user, by=by)
    user.silenced_until = until
    user.save(update_fields=["silenced_until"])
    return user


@transaction.atomic
def member_suspend(*, user: User, by: User, until: datetime) -> User:
    """The member cannot log in until `until`; their open sockets close."""
    user = sanction_target_lock(user=user, by=by)
    user.suspended_until = until
    user.save(update_fields=["suspended_until"])
    live.user_disconnect(user.pk)
    return user


@transaction.atomic
def member_sanction_lift(
    *, user: User, by: User, silence: bool = True, suspension: bool = True
) -> User:
    """End the member's silence, suspension or both, now.

    Only a moderator's check: lifting is allowed on anyone, so an overturned appeal
    takes effect even if the member has since become a moderator."""
    require_moderator(by)
    user = User.objects.select_for_update().get(pk=user.pk)
    fields = []
    if silence:
        user.silenced_until = None
        fields.append("silenced_until")
    if suspension:
        user.suspended_until = None
        fields.append("suspended_until")
    user.save(update_fields=fields)
    return user
