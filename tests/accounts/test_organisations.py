import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import (
    ApplicationStatus,
    Membership,
    MembershipRole,
    Notification,
    Organisation,
    OrganisationApplication,
    OrganisationInvitation,
)
from accounts.permissions import is_org_editor
from accounts.services import (
    membership_remove,
    membership_set_role,
    organisation_application_approve,
    organisation_application_reject,
    organisation_apply,
    organisation_invitation_answer,
    organisation_invite,
)
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

APPLICATION = {
    "name": "Casa del Faro",
    "country": "IT",
    "kind": "therapeutic_community",
    "description": "A fictional community.",
    "website": "https://faro.example",
    "contact_name": "Ada Example",
}


def _apply(by):
    return organisation_apply(by=by, **APPLICATION)


def test_application_tells_the_admins(member, admin_user):
    application = _apply(member)
    assert application.status == ApplicationStatus.PENDING
    notification = Notification.objects.get(user=admin_user)
    assert notification.url == reverse(
        "accounts:application_review", kwargs={"pk": application.pk}
    )


def test_unconfirmed_member_cannot_apply():
    unconfirmed = UserFactory(email_confirmed_at=None)
    with pytest.raises(PermissionDenied):
        _apply(unconfirmed)
    assert not OrganisationApplication.objects.exists()


def test_approval_creates_a_verified_organisation_with_the_applicant_as_editor(
    member, admin_user
):
    organisation = organisation_application_approve(
        application=_apply(member), by=admin_user
    )
    assert organisation.is_verified
    assert organisation.slug == "casa-del-faro"
    assert is_org_editor(member, organisation)
    notification = Notification.objects.get(user=member)
    assert notification.kind == "organisation.approved"
    assert notification.url == organisation.get_absolute_url()


def test_rejection_needs_a_reason_that_the_applicant_sees(client, member, admin_user):
    application = _apply(member)
    with pytest.raises(ValidationError):
        organisation_application_reject(
            application=application, by=admin_user, reason="  "
        )
    organisation_application_reject(
        application=application, by=admin_user, reason="Not based in Europe."
    )
    assert not Organisation.objects.exists()
    notification = Notification.objects.get(user=member)
    assert "Not based in Europe." in notification.text
    client.force_login(member)
    page = client.get(notification.url)
    assert page.status_code == 200
    assert "Not based in Europe." in page.text


def test_member_and_moderator_cannot_decide(member, moderator):
    application = _apply(member)
    for user in (member, moderator):
        with pytest.raises(PermissionDenied):
            organisation_application_approve(application=application, by=user)
        with pytest.raises(PermissionDenied):
            organisation_application_reject(
                application=application, by=user, reason="x"
            )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


def test_an_application_is_decided_once(member, admin_user):
    application = _apply(member)
    organisation_application_approve(application=application, by=admin_user)
    with pytest.raises(ValidationError):
        organisation_application_reject(
            application=application, by=admin_user, reason="x"
        )
    assert Organisation.objects.count() == 1


def test_review_page_is_for_admins_and_keeps_a_missing_reason(
    client, member, admin_user
):
    application = _apply(member)
    url = reverse("accounts:application_review", kwargs={"pk": application.pk})
    client.force_login(member)
    assert client.get(url).status_code == 403
    assert client.get(reverse("accounts:application_list")).status_code == 403
    client.force_login(admin_user)
    response = client.post(url, {"decision": "reject", "reason": ""})
    assert response.status_code == 400
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Casa del Faro").exists()


def test_applicant_sees_own_application_only(client, member, other_member):
    application = _apply(member)
    url = reverse("accounts:application_status", kwargs={"pk": application.pk})
    client.force_login(other_member)
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 200


def test_apply_form_keeps_input_on_error(client, member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:organisation_apply"), {**APPLICATION, "country": "ZZ"}
    )
    assert response.status_code == 400
    assert "Casa del Faro" in response.text


def test_editor_invites_and_the_member_decides(organisation, org_editor, member):
    invitation = organisation_invite(
        organisation=organisation,
        by=org_editor,
        username=member.username,
        role="member",
    )
    assert not Membership.objects.filter(user=member).exists()
    assert Notification.objects.filter(user=member, kind="organisation.invitation")
    membership = organisation_invitation_answer(
        invitation=invitation, by=member, accept=True
    )
    assert membership.role == MembershipRole.MEMBER
    assert not OrganisationInvitation.objects.exists()


def test_only_the_invitee_answers(organisation, org_editor, member, other_member):
    invitation = organisation_invite(
        organisation=organisation,
        by=org_editor,
        username=member.username,
        role="editor",
    )
    with pytest.raises(PermissionDenied):
        organisation_invitation_answer(
            invitation=invitation, by=other_member, accept=True
        )
    assert not Membership.objects.filter(user=other_member).exists()


def test_non_editors_cannot_manage_staff(organisation, org_editor, member, moderator):
    staff = MembershipFactory(organisation=organisation, user=member)
    for user in (member, moderator):
        with pytest.raises(PermissionDenied):
            organisation_invite(
                organisation=organisation, by=user, username="x", role="member"
            )
        with pytest.raises(PermissionDenied):
            membership_set_role(membership=staff, by=user, role="editor")
    other = UserFactory()
    with pytest.raises(PermissionDenied):
        membership_remove(membership=staff, by=other)
    staff.refresh_from_db()
    assert staff.role == MembershipRole.MEMBER


def test_editor_of_another_organisation_cannot_manage_this_one(organisation, member):
    staff = MembershipFactory(organisation=organisation, user=member)
    outsider = UserFactory()
    MembershipFactory(user=outsider, role=MembershipRole.EDITOR)
    with pytest.raises(PermissionDenied):
        membership_set_role(membership=staff, by=outsider, role="editor")


def test_editor_sets_roles_and_removes_staff(organisation, org_editor, member):
    staff = MembershipFactory(organisation=organisation, user=member)
    membership_set_role(membership=staff, by=org_editor, role="editor")
    assert is_org_editor(member, organisation)
    membership_remove(membership=staff, by=org_editor)
    assert not Membership.objects.filter(pk=staff.pk).exists()


def test_the_last_editor_stays(organisation, org_editor):
    own = Membership.objects.get(user=org_editor)
    with pytest.raises(ValidationError):
        membership_set_role(membership=own, by=org_editor, role="member")
    with pytest.raises(ValidationError):
        membership_remove(membership=own, by=org_editor)
    assert is_org_editor(org_editor, organisation)


def test_refused_application_keeps_what_was_typed(client):
    unconfirmed = UserFactory(email_confirmed_at=None)
    client.force_login(unconfirmed)
    response = client.post(reverse("accounts:organisation_apply"), APPLICATION)
    assert response.status_code == 403
    assert "Confirm your e-mail address" in response.text
    assert "Casa del Faro" in response.text
    assert not OrganisationApplication.objects.exists()
