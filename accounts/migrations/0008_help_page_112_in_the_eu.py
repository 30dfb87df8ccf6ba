from django.db import migrations


def update_pages(apps, schema_editor):
    # Only pages whose first paragraph is still the one first stored: an administrator's
    # own wording is left alone.
    from accounts.site_pages import HELP_112_CHANGES
    from core.text import render_markdown

    SitePage = apps.get_model("accounts", "SitePage")
    for language, (old, new) in HELP_112_CHANGES.items():
        for page in SitePage.objects.filter(slug="help", language=language):
            if old in page.body:
                page.body = page.body.replace(old, new)
                page.body_html = render_markdown(page.body)
                page.save(update_fields=["body", "body_html"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_notification_actor")]

    operations = [migrations.RunPython(update_pages, migrations.RunPython.noop)]
