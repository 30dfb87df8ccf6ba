"""Admin-edited site pages (help, guidelines, privacy)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import SitePage, User
from accounts.permissions import is_admin
from core.text import normalise_line, render_markdown


@transaction.atomic
def site_page_save(
    *, slug: str, language: str, title: str, body: str, by: User | None
) -> SitePage:
    """Create or update a page; the Markdown is rendered and sanitised once, here.

    `by=None` is the system (migrations and seeding); people must be administrators.
    """
    if by is not None and not is_admin(by):
        raise PermissionDenied(_("Only administrators can edit site pages."))
    page, _created = SitePage.objects.update_or_create(
        slug=slug,
        language=language,
        defaults={
            "title": normalise_line(title),
            "body": body,
            "body_html": render_markdown(body),
            "updated_at": timezone.now(),
            "updated_by": by,
        },
    )
    return page
