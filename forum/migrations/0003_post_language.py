from django.db import migrations, models

# The interface languages when the field was added: a post written before it is taken
# to be in its author's preferred language, else English.
LANGUAGES = ("en", "bs", "it", "sr-latn")


def posts_in_authors_language(apps, schema_editor):
    Post = apps.get_model("forum", "Post")
    for code in LANGUAGES:
        Post.objects.filter(author__preferred_language=code).update(language=code)


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0002_idempotency_key_per_thread"),
        ("accounts", "0007_notification_actor"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="language",
            field=models.CharField(default="en", max_length=10, verbose_name="language"),
        ),
        migrations.RunPython(posts_in_authors_language, migrations.RunPython.noop),
    ]
