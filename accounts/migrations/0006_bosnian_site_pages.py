from django.db import migrations
from django.utils import timezone


def create_pages(apps, schema_editor):
    # Only Bosnian: the other languages' rows exist since 0005, possibly edited or
    # deliberately removed by administrators.
    from accounts.site_pages import TRANSLATED_PAGES
    from core.text import render_markdown

    SitePage = apps.get_model("accounts", "SitePage")
    for slug, (title, body) in TRANSLATED_PAGES["bs"].items():
        SitePage.objects.get_or_create(
            slug=slug,
            language="bs",
            defaults={
                "title": title,
                "body": body,
                "body_html": render_markdown(body),
                "updated_at": timezone.now(),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_translated_guidelines_and_privacy")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
