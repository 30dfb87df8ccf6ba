from django.db import migrations
from django.utils import timezone


def update_privacy_page(apps, schema_editor):
    # Imported here: a migration reads the module as it is when it runs.
    from accounts.site_pages import PRIVACY
    from core.text import render_markdown

    SitePage = apps.get_model("accounts", "SitePage")
    # Only the seeded English page: one an administrator edited is theirs to update.
    SitePage.objects.filter(
        slug="privacy", language="en", updated_by__isnull=True
    ).update(body=PRIVACY, body_html=render_markdown(PRIVACY), updated_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_blocks_consent_and_login_history")]

    operations = [migrations.RunPython(update_privacy_page, migrations.RunPython.noop)]
