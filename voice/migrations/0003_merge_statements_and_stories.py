from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("voice", "0001_stories"),
        ("voice", "0002_statement_idempotency_key"),
    ]

    operations = []
