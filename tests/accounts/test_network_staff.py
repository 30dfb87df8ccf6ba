"""Network staff (SPEC §3): a role an administrator grants, audited in the admin log."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.permissions import is_network_staff
from accounts.services import network_staff_set

pytestmark = pytest.mark.django_db


def test_admin_appoints_and_removes_network_staff_with_an_audit_entry(
    client, admin_user, member
):
    client.force_login(admin_user)
    changelist = reverse("admin:accounts_user_changelist")
    client.post(
        changelist, {"action": "appoint_network_staff", "_selected_action": [member.pk]}
    )
    member.refresh_from_db()
    assert is_network_staff(member)
    client.post(
        changelist, {"action": "remove_network_staff", "_selected_action": [member.pk]}
    )
    member.refresh_from_db()
    assert not is_network_staff(member)
    messages = list(
        LogEntry.objects.filter(object_id=str(member.pk), user=admin_user)
        .order_by("pk")
        .values_list("change_message", flat=True)
    )
    assert messages == ["Appointed network staff", "Removed network staff"]


@pytest.mark.parametrize("actor", ["moderator", "member"])
def test_only_administrators_appoint_network_staff(request, actor, other_member):
    with pytest.raises(PermissionDenied):
        network_staff_set(
            user=other_member, by=request.getfixturevalue(actor), is_network_staff=True
        )
    other_member.refresh_from_db()
    assert not other_member.is_network_staff


def test_the_role_is_not_edited_as_a_plain_field(client, admin_user, member):
    client.force_login(admin_user)
    response = client.get(reverse("admin:accounts_user_change", args=[member.pk]))
    assert 'name="is_network_staff"' not in response.text
