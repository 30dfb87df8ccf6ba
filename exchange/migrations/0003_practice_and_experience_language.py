from django.db import migrations, models

# The interface languages when the fields were added: a write-up or experience written
# before them is taken to be in its author's preferred language, else English.
LANGUAGES = ("en", "bs", "it", "sr-latn")


def written_in_authors_language(apps, schema_editor):
    Practice = apps.get_model("exchange", "Practice")
    Experience = apps.get_model("exchange", "ImplementationExperience")
    for code in LANGUAGES:
        Practice.objects.filter(created_by__preferred_language=code).update(
            language=code
        )
        Experience.objects.filter(author__preferred_language=code).update(
            language=code
        )


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0002_practice_search_text"),
        ("accounts", "0007_notification_actor"),
    ]

    operations = [
        migrations.AddField(
            model_name="implementationexperience",
            name="language",
            field=models.CharField(default="en", max_length=10, verbose_name="language"),
        ),
        migrations.AddField(
            model_name="practice",
            name="language",
            field=models.CharField(
                default="en", max_length=10, verbose_name="written in"
            ),
        ),
        migrations.RunPython(written_in_authors_language, migrations.RunPython.noop),
    ]
