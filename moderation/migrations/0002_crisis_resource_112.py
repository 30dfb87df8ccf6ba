from django.db import migrations


def add_112(apps, schema_editor):
    # The single number every EU country answers; other lines are added by admins
    # only after they have been verified.
    CrisisResource = apps.get_model("moderation", "CrisisResource")
    CrisisResource.objects.get_or_create(
        country="EU",
        name="European emergency number",
        defaults={
            "phone": "112",
            "url": "https://digital-strategy.ec.europa.eu/en/policies/112",
            "hours": "24/7",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [migrations.RunPython(add_112, migrations.RunPython.noop)]
