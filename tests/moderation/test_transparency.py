import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from moderation.models import (
    Action,
    Appeal,
    AppealState,
    AuditEntry,
    Case,
    FlagReason,
    Statement,
)
from moderation.services import flag_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
COUNT_CELL = re.compile(r'class="count">([^<]*)<')


def _flags(make_post, reason: str, count: int) -> list[Case]:
    for _number in range(count):
        flag_create(post=make_post(), by=UserFactory(), reason=reason)
    return list(Case.objects.filter(flags__reason=reason))


def _actions(action: str, count: int, member) -> None:
    AuditEntry.objects.bulk_create(
        AuditEntry(action=action, target_user=member, reason="r") for _ in range(count)
    )


def _appeals(member, *, upheld: int, overturned: int) -> None:
    now = timezone.now()
    states = [AppealState.UPHELD] * upheld + [AppealState.OVERTURNED] * overturned
    for state in states:
        entry = AuditEntry.objects.create(
            action=Action.USER_SILENCE, target_user=member, reason="r"
        )
        statement = Statement.objects.create(
            audit_entry=entry, user=member, action=entry.action, guideline="none"
        )
        Appeal.objects.create(
            statement=statement, text="t", state=state, decided_at=now
        )


def _decide(cases: list[Case], hours: float) -> None:
    for case in cases:
        Case.objects.filter(pk=case.pk).update(
            decided_at=case.created_at + timedelta(hours=hours)
        )


def test_the_report_is_public(client):
    response = client.get("/transparency/")
    assert response.status_code == 200
    assert settings.GUIDELINES_VERSION in response.text
    assert "Transparency report" in response.text


def test_no_count_from_one_to_four_is_ever_shown(client, make_post, member):
    spam = _flags(make_post, FlagReason.SPAM, 3)
    _flags(make_post, FlagReason.HARM, 7)
    _actions(Action.POST_HIDE, 1, member)
    _actions(Action.THREAD_LOCK, 4, member)
    _actions(Action.USER_SILENCE, 6, member)
    _appeals(member, upheld=3, overturned=2)
    _decide(spam, hours=2)  # three decisions: too few for a median
    text = client.get("/transparency/").text
    counts = COUNT_CELL.findall(text)
    assert counts, "the page shows counts"
    assert not {"1", "2", "3", "4"} & set(counts)
    assert "7" in counts  # reports for harm
    # Silenced: 6 actions + 5 from the appeals' decisions.
    assert "11" in counts
    # Reports for spam, hidden posts, locked threads, appeals overturned.
    assert counts.count("&lt; 5") == 4
    assert "5" in counts  # appeals decided
    assert "Not shown: fewer than 5 decisions" in text
    assert "2 hours" not in text


@pytest.mark.parametrize(
    ("hours", "shown"),
    [(3, "3 hours"), (2.6, "3 hours"), (1, "1 hour<"), (0.25, "Under an hour")],
)
def test_the_median_time_to_decision_is_given_from_five_decisions(
    client, make_post, hours, shown
):
    _decide(_flags(make_post, FlagReason.HARM, 5), hours=hours)
    assert shown in client.get("/transparency/").text


@pytest.mark.parametrize("size", [5, 40])
def test_the_report_takes_a_fixed_number_of_queries(
    client, make_post, member, django_assert_max_num_queries, size
):
    _decide(_flags(make_post, FlagReason.SPAM, size), hours=1)
    _actions(Action.POST_HIDE, size, member)
    _appeals(member, upheld=size // 5, overturned=1)
    with django_assert_max_num_queries(4):
        assert client.get("/transparency/").status_code == 200
