from django.db import migrations
from django.utils import timezone


def update_privacy_pages(apps, schema_editor):
    # Imported here: a migration reads the module as it is when it runs.
    from accounts.site_pages import PRIVACY, TRANSLATED_PAGES
    from core.text import render_markdown

    SitePage = apps.get_model("accounts", "SitePage")
    bodies = {"en": PRIVACY}
    bodies.update(
        {language: pages["privacy"][1] for language, pages in TRANSLATED_PAGES.items()}
    )
    now = timezone.now()
    for language, body in bodies.items():
        # Only the seeded pages: one an administrator edited is theirs to update.
        SitePage.objects.filter(
            slug="privacy", language=language, updated_by__isnull=True
        ).update(body=body, body_html=render_markdown(body), updated_at=now)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0012_merge_20261206_1548")]

    operations = [migrations.RunPython(update_privacy_pages, migrations.RunPython.noop)]
