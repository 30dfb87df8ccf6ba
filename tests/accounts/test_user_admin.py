"""The Django user admin keeps the product's rules: sanctions go through the moderation
page, erasure through the member's own flow, moderator status through the service."""

import re
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import moderator_status_set

pytestmark = pytest.mark.django_db


def _change_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def _inputs(html: str) -> set[str]:
    return set(re.findall(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"', html))


def test_sanctions_and_moderator_status_are_read_only_in_the_admin(
    client, admin_user, member
):
    member.silenced_until = timezone.now() + timedelta(days=1)
    member.save(update_fields=["silenced_until"])
    client.force_login(admin_user)
    response = client.get(_change_url(member))
    assert response.status_code == 200
    fields = _inputs(response.text)
    assert "username" in fields
    for name in ("is_moderator", "is_active", "silenced_until_0", "suspended_until_0"):
        assert name not in fields
    moderation_page = reverse("moderation:member", kwargs={"username": member.username})
    assert f'href="{moderation_page}"' in response.text


def test_the_admin_cannot_delete_members(client, admin_user, member):
    client.force_login(admin_user)
    delete_url = reverse("admin:accounts_user_delete", args=[member.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = client.get(reverse("admin:accounts_user_changelist"))
    assert 'value="delete_selected"' not in changelist.text
    assert User.objects.filter(pk=member.pk, erased_at__isnull=True).exists()


def test_admin_appoints_and_removes_moderators_through_the_service(
    client, admin_user, member, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    changelist = reverse("admin:accounts_user_changelist")
    client.post(
        changelist, {"action": "appoint_moderators", "_selected_action": [member.pk]}
    )
    member.refresh_from_db()
    assert member.is_moderator
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(
            changelist, {"action": "remove_moderators", "_selected_action": [member.pk]}
        )
    member.refresh_from_db()
    assert not member.is_moderator
    # The removed moderator's open queue socket is closed.
    assert len(callbacks) == 1
    assert LogEntry.objects.filter(object_id=str(member.pk)).count() == 2


def test_only_administrators_appoint_moderators(moderator, member):
    with pytest.raises(PermissionDenied):
        moderator_status_set(user=member, by=moderator, is_moderator=True)
    member.refresh_from_db()
    assert not member.is_moderator
