import pytest
from django.core.management import call_command

from voice.models import Endorsement, Statement

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_a_statement_in_each_state_once(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    assert sorted(Statement.objects.values_list("status", flat=True)) == sorted(
        ["draft", "consultation", "endorsement", "published", "withdrawn"]
    )
    published = Statement.objects.get(status="published")
    assert Endorsement.objects.filter(statement=published).count() == 4
    assert published.testimonies.filter(is_chosen=True).count() == 1
    consultation = Statement.objects.get(status="consultation")
    assert all(p.thread_id for p in consultation.paragraphs.all())
