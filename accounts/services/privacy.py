"""Data export and erasure across every app (SPEC §7, GDPR Art. 15, 17, 20).

Each app that stores a member's data offers `<app>/privacy.py` with
`export_user_data(user) -> dict` and `erase_user_data(user, *, keep_posts: bool) -> None`,
and registers it in its AppConfig.ready() with `privacy_register()`; accounts gathers
them here without importing any app above it.
"""

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ProfileVisibility, User
from accounts.permissions import is_member
from core import live


class PrivacyPart(Protocol):
    def export_user_data(self, user: User) -> dict[str, Any]: ...

    def erase_user_data(self, user: User, *, keep_posts: bool) -> None: ...


_parts: dict[str, PrivacyPart] = {}


def privacy_register(label: str, part: PrivacyPart) -> None:
    """An app's part of export and erasure, under its label. Django calls the apps'
    ready() in INSTALLED_APPS order, which lists the floors bottom up, so the parts are
    kept in that order."""
    _parts[label] = part


# Apps that show a member's name on what they wrote register how to hide it on what
# was written before a date ("a member"): forum (posts, quotes, mentions, revisions,
# event log), moderation (case snapshots); a search index registers its own re-index
# here too. Called top floor first, with (user, before); each returns a count.
NameHider = Callable[[User, datetime], int]
_name_hiders: dict[str, NameHider] = {}


def name_hider_register(label: str, hide: NameHider) -> None:
    _name_hiders[label] = hide


@transaction.atomic
def posts_anonymise(*, user: User, by: User, before: datetime) -> int:
    """Show "a member" instead of `user`'s name on everything they wrote before
    `before` (at most now), without leaving. Returns how many posts changed."""
    if not is_member(by) or by.pk != user.pk:
        raise PermissionDenied(_("You can only hide your own name."))
    before = min(before, timezone.now())
    user = User.objects.select_for_update().get(pk=user.pk)
    changed = 0
    for label in reversed(list(_name_hiders)):
        changed += _name_hiders[label](user, before) or 0
    return changed


def privacy_modules() -> list[tuple[str, PrivacyPart]]:
    """(app label, part) for each app that registered one, bottom floor first."""
    return list(_parts.items())


def user_data_export(*, user: User, by: User) -> dict[str, Any]:
    """Everything the project stores about `user`, as JSON-ready data. Only for themselves."""
    if not is_member(by) or by.pk != user.pk:
        raise PermissionDenied(_("You can only export your own data."))
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "site": settings.SITE_NAME,
    }
    for label, module in privacy_modules():
        data[label] = module.export_user_data(user)
    return data


@transaction.atomic
def user_erase(*, user: User, by: User, keep_posts: bool) -> User:
    """Erase `user`: every app removes or anonymises its copies, then the row is anonymised.

    keep_posts=True keeps their posts under "deleted member"; False removes them.
    """
    if not is_member(by) or by.pk != user.pk:
        raise PermissionDenied(_("You can only delete your own account."))
    user = User.objects.select_for_update().get(pk=user.pk)
    # Top floor first (INSTALLED_APPS lists the apps floor by floor, bottom up): a
    # higher app's copies point at a lower app's rows, as a case snapshot quotes posts
    # that the forum then detaches from their author. Accounts, the lowest, goes last:
    # every app may still need the row as it was.
    modules = reversed(privacy_modules())
    for _label, module in modules:
        module.erase_user_data(user, keep_posts=keep_posts)
    user.username = f"deleted-{uuid.uuid4().hex[:16]}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.is_moderator = False
    user.country = ""
    user.preferred_language = ""
    user.bio = ""
    user.profile_visibility = ProfileVisibility.PRIVATE
    user.show_organisations = False
    user.show_name_when_typing = False
    user.share_typing = False
    user.email_notifications = False
    user.content_warning_preferences = {}
    user.last_login = None
    user.email_confirmed_at = None
    user.erased_at = timezone.now()
    user.save()
    live.user_disconnect(user.pk)
    return user
