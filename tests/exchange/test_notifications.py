"""Editors hear of replies and experience reports on their organisation's write-ups;
watchers of an organisation hear of its new write-ups."""

import pytest

from accounts.models import Notification
from exchange.services import experience_create, practice_create, practice_publish
from forum.services import organisation_follow, post_create
from forum.services.notify import post_notifications_relay
from tests.exchange.test_experiences import EXPERIENCE

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(org_editor, organisation, write_up, settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    practice = practice_create(organisation=organisation, by=org_editor, data=write_up)
    return practice_publish(practice=practice, by=org_editor)


def test_an_experience_report_notifies_the_editors_once(
    published, org_editor, other_org_member, other_organisation
):
    experience_create(
        practice=published, by=other_org_member, organisation=other_organisation,
        idempotency_key="k1", **EXPERIENCE,
    )  # fmt: skip
    notification = Notification.objects.get(user=org_editor)
    assert notification.kind == "practice.experience"
    assert notification.message == (
        "implementer reported implementing your organisation's write-up."
    )


def test_told_by_the_notification_relay_an_experience_report_is_one_at_once(
    published, org_editor, other_org_member, other_organisation, settings
):
    settings.POST_NOTIFICATIONS_IN_WORKER = True
    experience_create(
        practice=published, by=other_org_member, organisation=other_organisation,
        idempotency_key="k1", **EXPERIENCE,
    )  # fmt: skip
    assert not Notification.objects.filter(user=org_editor).exists()
    post_notifications_relay()
    notification = Notification.objects.get(user=org_editor)
    assert notification.kind == "practice.experience"


def test_a_reply_on_a_write_up_notifies_its_editors(
    published, org_editor, other_member
):
    post_create(thread=published.thread, by=other_member, body="How long did it take?")
    assert list(
        Notification.objects.filter(user=org_editor).values_list("kind", flat=True)
    ) == ["practice.reply"]


def test_watchers_of_an_organisation_hear_of_its_new_write_up(
    org_editor, organisation, write_up, member, settings
):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    organisation_follow(organisation=organisation, by=member, level="watching")
    practice = practice_create(organisation=organisation, by=org_editor, data=write_up)
    practice_publish(practice=practice, by=org_editor)
    notification = Notification.objects.get(user=member)
    assert notification.kind == "watch.practice"
    assert notification.url == practice.get_absolute_url()
    assert not Notification.objects.filter(user=org_editor).exists()
