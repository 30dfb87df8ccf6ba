import re

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

POST_URL = re.compile(r"^/p/(\d+)/$")


def name_mentions_by_actor(apps, schema_editor):
    """Mentions stored "<username> mentioned you…": keep the post's author instead.

    An author already erased leaves no actor, which reads as "A deleted member".
    """
    Notification = apps.get_model("accounts", "Notification")
    Post = apps.get_model("forum", "Post")
    mentions = list(Notification.objects.filter(kind="mention").only("pk", "url"))
    post_ids = {
        int(match.group(1))
        for row in mentions
        if (match := POST_URL.match(row.url)) is not None
    }
    authors = dict(Post.objects.filter(pk__in=post_ids).values_list("pk", "author_id"))
    for row in mentions:
        match = POST_URL.match(row.url)
        row.actor_id = authors.get(int(match.group(1))) if match else None
        row.text = ""
    Notification.objects.bulk_update(mentions, ["actor", "text"], batch_size=1000)


def write_mention_texts(apps, schema_editor):
    Notification = apps.get_model("accounts", "Notification")
    for row in Notification.objects.filter(kind="mention").select_related("actor"):
        name = row.actor.username if row.actor else "A deleted member"
        row.text = f"{name} mentioned you in a thread."
        row.save(update_fields=["text"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_bosnian_site_pages"),
        ("forum", "0002_idempotency_key_per_thread"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="text",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.RunPython(name_mentions_by_actor, write_mention_texts),
    ]
