from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0003_post_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="category",
            name="is_app_owned",
            field=models.BooleanField(default=False, editable=False),
        ),
    ]
