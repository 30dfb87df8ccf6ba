import pytest
from django.urls import reverse

from accounts.services import moderator_status_set
from moderation.models import Action, AuditEntry, Statement

pytestmark = pytest.mark.django_db


def test_appointing_and_removing_a_moderator_is_in_the_audit_log(admin_user, member):
    moderator_status_set(user=member, by=admin_user, is_moderator=True)
    moderator_status_set(user=member, by=admin_user, is_moderator=True)
    moderator_status_set(user=member, by=admin_user, is_moderator=False)
    entries = AuditEntry.objects.filter(target_user=member).order_by("pk")
    assert [(e.action, e.actor_id) for e in entries] == [
        (Action.MODERATOR_APPOINT, admin_user.pk),
        (Action.MODERATOR_REMOVE, admin_user.pk),
    ]
    # A role change is not a decision about the member's conduct: no statement.
    assert not Statement.objects.filter(user=member).exists()


def test_the_admin_action_appears_on_the_moderation_log(client, admin_user, member):
    client.force_login(admin_user)
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "appoint_moderators", "_selected_action": [member.pk]},
    )
    log = client.get("/moderation/log/")
    assert "Moderator appointed" in log.text
    assert member.username in log.text
