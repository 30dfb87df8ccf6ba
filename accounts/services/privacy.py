"""Data export and erasure across every app (SPEC §7, GDPR Art. 15, 17, 20).

Each app may offer `<app>/privacy.py` with `export_user_data(user) -> dict` and
`erase_user_data(user, *, keep_posts: bool) -> None`; accounts gathers them here.
"""

import uuid
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ProfileVisibility, User
from accounts.permissions import is_member
from core import live


def privacy_modules() -> Iterator[tuple[str, ModuleType]]:
    """(app label, module) for each project app that has a privacy.py."""
    for config in apps.get_app_configs():
        # Project apps live directly in the project folder; installed packages do not.
        if Path(config.path).parent != Path(settings.BASE_DIR):
            continue
        name = f"{config.name}.privacy"
        try:
            module = import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        yield config.label, module


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
    modules = reversed(list(privacy_modules()))
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
