from django.db import migrations


def record_past_acceptances(apps, schema_editor):
    """Members who accepted the guidelines before consent was recorded get that
    acceptance as their first record, with its version and time."""
    User = apps.get_model("accounts", "User")
    ConsentRecord = apps.get_model("accounts", "ConsentRecord")
    accepted = User.objects.filter(
        guidelines_accepted_at__isnull=False, erased_at__isnull=True
    ).exclude(guidelines_version="")
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(
                user_id=pk,
                kind="guidelines",
                version=version,
                is_given=True,
                at=at,
            )
            for pk, version, at in accepted.values_list(
                "pk", "guidelines_version", "guidelines_accepted_at"
            ).iterator()
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_privacy_page_retention_and_blocking")]

    operations = [
        migrations.RunPython(record_past_acceptances, migrations.RunPython.noop)
    ]
