"""Categories, managed by administrators (SPEC §3), and those other apps keep threads in."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_admin
from forum import events
from forum.models import Category

# The counters are the forum services' business; an admin edit never overwrites them.
EDITABLE_FIELDS = [
    "name",
    "slug",
    "description",
    "position",
    "visibility",
    "is_pre_moderated",
]


@transaction.atomic
def category_save(*, category: Category, by: User) -> Category:
    """Create or change a category. Admins only.

    A change of visibility makes open sockets on the category's threads re-check access.
    """
    if not is_admin(by):
        raise PermissionDenied(_("Only administrators can manage categories."))
    if category.pk is None:
        category.save()
        return category
    previous = (
        Category.objects.select_for_update()
        .filter(pk=category.pk)
        .values_list("visibility", flat=True)
        .first()
    )
    category.save(update_fields=EDITABLE_FIELDS)
    if previous != category.visibility:
        events.category_access_changed(category.pk)
    return category


def category_for_app(
    *, slug: str, name: str, description: str, visibility: str, position: int
) -> Category:
    """The category an app keeps its own threads in, created on first use and marked
    app-owned (unlisted; only thread_create_for_app opens threads in it).

    The other fields are only the defaults of a new category: an administrator's later
    edits to it are kept."""
    category, _created = Category.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "description": description,
            "visibility": visibility,
            "position": position,
            "is_app_owned": True,
        },
    )
    if not category.is_app_owned:
        # A category made before the mark existed (or by hand under the same slug).
        Category.objects.filter(pk=category.pk).update(is_app_owned=True)
        category.is_app_owned = True
    return category
