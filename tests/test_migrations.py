import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import ConsentRecord, User
from moderation.models import Appeal, ApprovalItem, Case, Decided
from tests.factories import UserFactory


@pytest.mark.django_db
def test_the_models_match_the_migrations():
    # Exits non-zero (SystemExit) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_cases_appeals_and_approval_items_record_a_decision_the_same_way():
    for model in (Case, Appeal, ApprovalItem):
        assert issubclass(model, Decided)
        fields = {field.name: field for field in model._meta.fields}
        assert fields["decided_by"].null and fields["decided_at"].null


# The schema a database had before the site pages in Bosnian, notifications naming their
# actor, snapshots keeping their Markdown and moderator changes in the audit log.
EARLIER_SCHEMA = {
    "accounts": "0005_translated_guidelines_and_privacy",
    "moderation": "0004_watched_word_actions",
}


@pytest.mark.django_db(transaction=True)
def test_a_database_on_the_earlier_schema_migrates_forward_with_its_rows():
    try:
        for app, migration in EARLIER_SCHEMA.items():
            call_command("migrate", app, migration, verbosity=0)
        with connection.cursor() as cursor:
            columns = {
                column.name
                for column in connection.introspection.get_table_description(
                    cursor, "accounts_notification"
                )
            }
        assert "actor_id" not in columns
        # A row as that schema stored it: today's model has columns the table lacks.
        earlier = MigrationExecutor(connection).loader.project_state(
            list(EARLIER_SCHEMA.items())
        )
        member = earlier.apps.get_model("accounts", "User").objects.create(
            username="kept_across_migrations"
        )
    finally:
        call_command("migrate", verbosity=0)
    assert User.objects.filter(pk=member.pk).exists()
    with connection.cursor() as cursor:
        columns = {
            column.name
            for column in connection.introspection.get_table_description(
                cursor, "accounts_notification"
            )
        }
    assert "actor_id" in columns


@pytest.mark.django_db(transaction=True)
def test_members_who_accepted_the_guidelines_get_it_as_their_first_consent_record():
    # Accepted with today's columns, then carried back to before consent records
    # existed (the rows stay, the records table goes) and forward again.
    member = UserFactory(username="accepted_before_records")
    ConsentRecord.objects.filter(user=member).delete()
    try:
        call_command("migrate", "accounts", "0007", verbosity=0)
    finally:
        call_command("migrate", verbosity=0)
    record = ConsentRecord.objects.get(user=member)
    assert (record.kind, record.version, record.is_given) == (
        "guidelines",
        member.guidelines_version,
        True,
    )
    assert record.at == member.guidelines_accepted_at
