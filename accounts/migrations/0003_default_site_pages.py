from django.db import migrations
from django.utils import timezone


def create_pages(apps, schema_editor):
    from accounts.site_pages import DEFAULT_PAGES
    from core.text import render_markdown

    SitePage = apps.get_model("accounts", "SitePage")
    for slug, (title, body) in DEFAULT_PAGES.items():
        SitePage.objects.get_or_create(
            slug=slug,
            language="en",
            defaults={
                "title": title,
                "body": body,
                "body_html": render_markdown(body),
                "updated_at": timezone.now(),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_notification_organisationinvitation_sitepage_and_more")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
