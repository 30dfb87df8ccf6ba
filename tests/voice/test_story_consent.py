import pytest

from accounts.models import ConsentKind, ConsentRecord
from voice.models.stories import STORY_CONSENT_VERSION
from voice.services.stories import story_withdraw

pytestmark = pytest.mark.django_db


def test_sending_and_withdrawing_a_story_are_recorded_as_consent(member, submit_story):
    story = submit_story(member)
    story_withdraw(story=story, by=member)
    story_withdraw(story=story, by=member)
    rows = list(
        ConsentRecord.objects.filter(user=member, kind=ConsentKind.PUBLIC_STORY)
        .order_by("pk")
        .values_list("version", "is_given")
    )
    assert rows == [(STORY_CONSENT_VERSION, True), (STORY_CONSENT_VERSION, False)]
