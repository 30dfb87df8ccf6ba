import io

import pytest
from django.core.management import call_command

from moderation.models import (
    ApprovalItem,
    Case,
    CaseState,
    CrisisResource,
    WatchedWord,
)

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_moderators_something_to_do_and_runs_twice(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    counts = (
        Case.objects.filter(state=CaseState.OPEN).count(),
        ApprovalItem.objects.count(),
        WatchedWord.objects.count(),
    )
    assert counts[0] >= 3
    assert Case.objects.filter(is_urgent=True).exists()
    assert counts[1] >= 1
    assert set(WatchedWord.objects.values_list("language", flat=True)) == {"en", "it"}
    # No number is made up: only 112 and the harmonised 116 123 are seeded.
    assert set(CrisisResource.objects.values_list("phone", flat=True)) <= {
        "112",
        "116 123",
    }
    call_command("seed_demo", stdout=io.StringIO())
    assert (
        Case.objects.filter(state=CaseState.OPEN).count(),
        ApprovalItem.objects.count(),
        WatchedWord.objects.count(),
    ) == counts


def test_seed_demo_opens_one_check_in_for_demo_member(settings):
    from moderation.models import CheckIn

    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    checkin = CheckIn.objects.get()
    assert (checkin.member.username, checkin.opened_by.username) == (
        "demo_member",
        "demo_moderator",
    )
    assert checkin.messages.count() == 1
