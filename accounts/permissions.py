"""Role checks shared by every app's services (SPEC §3). Services call these; templates only mirror them."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import Membership, MembershipRole, Organisation, User


def is_member(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_admin(user: User | None) -> bool:
    return is_member(user) and user.is_superuser


def can_moderate(user: User | None) -> bool:
    return is_member(user) and (user.is_moderator or user.is_superuser)


def is_network_staff(user: User | None) -> bool:
    """Admins and the network staff an admin appointed: they run position statements."""
    return is_member(user) and (user.is_network_staff or user.is_superuser)


def require_moderator(user: User | None, *, refusal: str = "") -> None:
    """Raise PermissionDenied (with `refusal`, when given) unless `user` moderates."""
    if not can_moderate(user):
        raise PermissionDenied(refusal or _("Only moderators can do this."))


def can_post(user: User | None) -> bool:
    """Signed in, e-mail confirmed, the current guidelines accepted, and neither
    silenced nor suspended."""
    return (
        is_member(user)
        and user.has_confirmed_email
        and user.guidelines_version == settings.GUIDELINES_VERSION
        and not user.is_silenced
        and not user.is_suspended
    )


def is_org_editor(user: User | None, organisation: Organisation) -> bool:
    if is_admin(user):
        return True
    if not is_member(user):
        return False
    return Membership.objects.filter(
        user=user, organisation=organisation, role=MembershipRole.EDITOR
    ).exists()
