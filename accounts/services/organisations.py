"""Organisations: applications and their review, staff invitations, roles (SPEC §3)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import (
    ApplicationStatus,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationApplication,
    OrganisationInvitation,
    User,
)
from accounts.permissions import can_post, is_admin, is_member, is_org_editor
from accounts.services.notifications import notification_send


@transaction.atomic
def organisation_apply(
    *,
    by: User,
    name: str,
    country: str,
    kind: str,
    description: str,
    website: str,
    contact_name: str,
) -> OrganisationApplication:
    """File an application to join the network; admins are told, the applicant waits."""
    if not can_post(by):
        raise PermissionDenied(
            _("Confirm your e-mail address before applying for an organisation.")
        )
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ValidationError(
            _("An organisation with this name is already a member of the network.")
        )
    if OrganisationApplication.objects.filter(
        applicant=by, name__iexact=name, status=ApplicationStatus.PENDING
    ).exists():
        raise ValidationError(_("You have already applied for this organisation."))
    application = OrganisationApplication.objects.create(
        applicant=by,
        name=name,
        country=country,
        kind=kind,
        description=description,
        website=website,
        contact_name=contact_name,
    )
    url = reverse("accounts:application_review", kwargs={"pk": application.pk})
    for admin in User.objects.filter(is_superuser=True, is_active=True):
        notification_send(
            user=admin,
            kind="organisation.application",
            text=_("New organisation application: %(name)s") % {"name": name},
            url=url,
        )
    return application


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _locked_pending(application: OrganisationApplication) -> OrganisationApplication:
    # Row lock: two admins deciding at once must produce one decision, not two.
    application = OrganisationApplication.objects.select_for_update().get(
        pk=application.pk
    )
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(_("This application has already been decided."))
    return application


@transaction.atomic
def organisation_application_approve(
    *, application: OrganisationApplication, by: User
) -> Organisation:
    """Create the organisation, make the applicant its first editor, tell them."""
    if not is_admin(by):
        raise PermissionDenied(_("Only administrators can approve applications."))
    application = _locked_pending(application)
    if Organisation.objects.filter(name__iexact=application.name).exists():
        raise ValidationError(
            _("An organisation with this name already exists; reject or rename it.")
        )
    organisation = Organisation.objects.create(
        name=application.name,
        slug=_unique_slug(application.name),
        country=application.country,
        kind=application.kind,
        description=application.description,
        website=application.website,
        is_verified=True,
    )
    Membership.objects.update_or_create(
        user=application.applicant,
        organisation=organisation,
        defaults={"role": MembershipRole.EDITOR},
    )
    application.status = ApplicationStatus.APPROVED
    application.decided_by = by
    application.decided_at = timezone.now()
    application.organisation = organisation
    application.save(
        update_fields=["status", "decided_by", "decided_at", "organisation"]
    )
    notification_send(
        user=application.applicant,
        kind="organisation.approved",
        text=_("%(name)s has joined the network. You are its editor.")
        % {"name": organisation.name},
        url=organisation.get_absolute_url(),
    )
    return organisation


@transaction.atomic
def organisation_application_reject(
    *, application: OrganisationApplication, by: User, reason: str
) -> OrganisationApplication:
    """Turn an application down; the applicant is told the reason."""
    if not is_admin(by):
        raise PermissionDenied(_("Only administrators can reject applications."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Tell the applicant why: the reason is sent to them."))
    application = _locked_pending(application)
    application.status = ApplicationStatus.REJECTED
    application.decision_reason = reason
    application.decided_by = by
    application.decided_at = timezone.now()
    application.save(
        update_fields=["status", "decision_reason", "decided_by", "decided_at"]
    )
    notification_send(
        user=application.applicant,
        kind="organisation.rejected",
        text=_("Your application for %(name)s was not approved. Reason: %(reason)s")
        % {"name": application.name, "reason": reason},
        url=reverse("accounts:application_status", kwargs={"pk": application.pk}),
    )
    return application


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, by: User, description: str, website: str
) -> Organisation:
    """Editors keep their organisation's public description and website current."""
    if not is_org_editor(by, organisation):
        raise PermissionDenied(_("Only the organisation's editors can change it."))
    organisation.description = description
    organisation.website = website
    organisation.save(update_fields=["description", "website"])
    return organisation


@transaction.atomic
def organisation_invite(
    *, organisation: Organisation, by: User, username: str, role: str
) -> OrganisationInvitation | None:
    """Invite a member to the staff; they join only when they accept.

    An unknown name, or a member already invited, gets no error: a private member
    must not be confirmed to exist (None, or the pending invitation)."""
    if not is_org_editor(by, organisation):
        raise PermissionDenied(_("Only the organisation's editors can invite staff."))
    if role not in MembershipRole.values:
        raise ValidationError(_("Choose a role."))
    invitee = User.objects.filter(
        username__iexact=username.strip(), is_active=True, erased_at__isnull=True
    ).first()
    if invitee is None:
        return None
    # The staff list is shown to the organisation's editors, so this tells them
    # nothing new.
    if Membership.objects.filter(user=invitee, organisation=organisation).exists():
        raise ValidationError(
            _("%(user)s is already on the staff.") % {"user": invitee}
        )
    pending = OrganisationInvitation.objects.filter(
        organisation=organisation, user=invitee
    ).first()
    if pending is not None:
        return pending
    try:
        with transaction.atomic():
            invitation = OrganisationInvitation.objects.create(
                organisation=organisation, user=invitee, role=role, invited_by=by
            )
    except IntegrityError:
        # A second editor's invitation raced this one: theirs stands.
        return OrganisationInvitation.objects.get(
            organisation=organisation, user=invitee
        )
    notification_send(
        user=invitee,
        kind="organisation.invitation",
        text=_("%(org)s invites you to join its staff.") % {"org": organisation.name},
        url=reverse("accounts:invitations"),
    )
    return invitation


@transaction.atomic
def organisation_invitation_answer(
    *, invitation: OrganisationInvitation, by: User, accept: bool
) -> Membership | None:
    """The invited member accepts (becomes staff) or declines; either way it is gone."""
    if not is_member(by) or invitation.user_id != by.pk:
        raise PermissionDenied(_("This invitation is not addressed to you."))
    invitation = (
        OrganisationInvitation.objects.select_for_update()
        .filter(pk=invitation.pk)
        .first()
    )
    if invitation is None:
        raise ValidationError(_("This invitation has already been answered."))
    membership = None
    if accept:
        membership, _created = Membership.objects.get_or_create(
            user=by,
            organisation_id=invitation.organisation_id,
            defaults={"role": invitation.role},
        )
    invitation.delete()
    return membership


def _editor_count(organisation: Organisation) -> int:
    return Membership.objects.filter(
        organisation=organisation, role=MembershipRole.EDITOR
    ).count()


@transaction.atomic
def membership_set_role(*, membership: Membership, by: User, role: str) -> Membership:
    """Editors change a staff member's role; an organisation always keeps one editor."""
    if not is_org_editor(by, membership.organisation):
        raise PermissionDenied(_("Only the organisation's editors can change roles."))
    if role not in MembershipRole.values:
        raise ValidationError(_("Choose a role."))
    # Lock the organisation's memberships so two editors demoting each other at once
    # cannot leave it with none.
    list(
        Membership.objects.select_for_update().filter(
            organisation_id=membership.organisation_id
        )
    )
    membership.refresh_from_db()
    if membership.role == role:
        return membership
    if (
        membership.role == MembershipRole.EDITOR
        and _editor_count(membership.organisation) == 1
    ):
        raise ValidationError(_("An organisation needs at least one editor."))
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


def membership_support_worker_set(
    *, membership: Membership, by: User, is_support_worker: bool
) -> Membership:
    """Editors name the staff who may open private check-ins with members."""
    if not is_org_editor(by, membership.organisation):
        raise PermissionDenied(
            _("Only the organisation's editors can name support workers.")
        )
    membership.is_support_worker = is_support_worker
    membership.save(update_fields=["is_support_worker"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    """Editors remove staff, and anyone may leave; the last editor cannot."""
    if membership.user_id != by.pk and not is_org_editor(by, membership.organisation):
        raise PermissionDenied(_("Only the organisation's editors can remove staff."))
    list(
        Membership.objects.select_for_update().filter(
            organisation_id=membership.organisation_id
        )
    )
    membership = Membership.objects.filter(pk=membership.pk).first()
    if membership is None:
        return
    if (
        membership.role == MembershipRole.EDITOR
        and _editor_count(membership.organisation) == 1
    ):
        raise ValidationError(_("An organisation needs at least one editor."))
    membership.delete()
