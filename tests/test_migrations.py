import pytest
from django.core.management import call_command

from moderation.models import Appeal, ApprovalItem, Case, Decided


@pytest.mark.django_db
def test_the_models_match_the_migrations():
    # Exits non-zero (SystemExit) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_cases_appeals_and_approval_items_record_a_decision_the_same_way():
    for model in (Case, Appeal, ApprovalItem):
        assert issubclass(model, Decided)
        fields = {field.name: field for field in model._meta.fields}
        assert fields["decided_by"].null and fields["decided_at"].null
