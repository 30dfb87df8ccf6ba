from django.db import migrations, models


def keep_snapshot_sources(apps, schema_editor):
    """Find each snapshot's Markdown: the post's text, or the revision, it was made of.

    A snapshot none of them renders to keeps no source; erasure then replaces it whole
    if it names the member (moderation.privacy).
    """
    Case = apps.get_model("moderation", "Case")
    PostRevision = apps.get_model("forum", "PostRevision")
    for case in Case.objects.select_related("post").iterator():
        if case.post.body_html == case.snapshot_body_html:
            source = case.post.body
        else:
            revision = PostRevision.objects.filter(
                post_id=case.post_id, body_html=case.snapshot_body_html
            ).first()
            source = revision.body if revision else ""
        if source:
            case.snapshot_body = source
            case.save(update_fields=["snapshot_body"])


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0005_watched_word_language_bosnian"),
        ("forum", "0002_idempotency_key_per_thread"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="snapshot_body",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(keep_snapshot_sources, migrations.RunPython.noop),
    ]
