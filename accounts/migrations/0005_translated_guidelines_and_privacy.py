from django.db import migrations
from django.utils import timezone


def create_pages(apps, schema_editor):
    # The same idempotent step as 0004, now with every translated page: rows that
    # exist (help) are left as administrators may have edited them.
    from accounts.site_pages import TRANSLATED_PAGES
    from core.text import render_markdown

    SitePage = apps.get_model("accounts", "SitePage")
    for language, pages in TRANSLATED_PAGES.items():
        for slug, (title, body) in pages.items():
            SitePage.objects.get_or_create(
                slug=slug,
                language=language,
                defaults={
                    "title": title,
                    "body": body,
                    "body_html": render_markdown(body),
                    "updated_at": timezone.now(),
                },
            )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_translated_help_pages")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
