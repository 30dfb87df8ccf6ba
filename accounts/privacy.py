"""The accounts app's part of export and erasure (see accounts.services.privacy)."""

from typing import Any

from django.utils.translation import gettext as _

from accounts.models import (
    ApplicationStatus,
    Block,
    ConsentRecord,
    Digest,
    LoginRecord,
    Membership,
    MembershipRole,
    Notification,
    NotificationPreference,
    Organisation,
    OrganisationApplication,
    OrganisationInvitation,
    User,
)
from accounts.services.notifications import notification_send
from core.mail import member_mail_forget


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_user_data(user: User) -> dict[str, Any]:
    return {
        "account": {
            "username": user.username,
            "email": user.email,
            "email_confirmed_at": _iso(user.email_confirmed_at),
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "country": user.country,
            "preferred_language": user.preferred_language,
            "bio": user.bio,
            "guidelines_version": user.guidelines_version,
            "guidelines_accepted_at": _iso(user.guidelines_accepted_at),
            "profile_visibility": user.profile_visibility,
            "show_organisations": user.show_organisations,
            "share_typing": user.share_typing,
            "show_name_when_typing": user.show_name_when_typing,
            "email_notifications": user.email_notifications,
            "email_consent_at": _iso(user.email_consent_at),
            "watch_on_reply": user.watch_on_reply,
            "notification_email": dict(
                NotificationPreference.objects.filter(user=user).values_list(
                    "group", "email"
                )
            ),
            "easy_read": user.easy_read,
            "content_warning_preferences": user.content_warning_preferences,
            "is_moderator": user.is_moderator,
            "silenced_until": _iso(user.silenced_until),
            "suspended_until": _iso(user.suspended_until),
        },
        "memberships": [
            {
                "organisation": m.organisation.name,
                "role": m.role,
                "since": _iso(m.created_at),
            }
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "invitations": [
            {"organisation": i.organisation.name, "role": i.role}
            for i in OrganisationInvitation.objects.filter(user=user).select_related(
                "organisation"
            )
        ],
        "organisation_applications": [
            {
                "name": a.name,
                "country": a.country,
                "kind": a.kind,
                "description": a.description,
                "website": a.website,
                "contact_name": a.contact_name,
                "status": a.status,
                "decision_reason": a.decision_reason,
                "created_at": _iso(a.created_at),
                "decided_at": _iso(a.decided_at),
            }
            for a in OrganisationApplication.objects.filter(applicant=user)
        ],
        "notifications": [
            {
                "kind": n.kind,
                "text": n.message,
                "url": n.url,
                "created_at": _iso(n.created_at),
                "read_at": _iso(n.read_at),
            }
            for n in Notification.objects.filter(user=user).select_related("actor")
        ],
        "consent_records": [
            {
                "kind": record.kind,
                "version": record.version,
                "given": record.is_given,
                "at": _iso(record.at),
            }
            for record in ConsentRecord.objects.filter(user=user).order_by("at", "pk")
        ],
        # Only the blocks they made: who blocked them is never told.
        "blocks_made": [
            {"member": block.blocked.username, "since": _iso(block.created_at)}
            for block in Block.objects.filter(blocker=user).select_related("blocked")
        ],
        "login_history": [
            {"at": _iso(login.at), "ip_address": login.ip_address}
            for login in LoginRecord.objects.filter(user=user)
        ],
    }


def erase_user_data(user: User, *, keep_posts: bool) -> None:
    Notification.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    Digest.objects.filter(user=user).delete()
    user.email_consent_at = None
    Block.objects.filter(blocker=user).delete()
    Block.objects.filter(blocked=user).delete()
    LoginRecord.objects.filter(user=user).delete()
    # Mail tasks keep their arguments (an old or new address) after they ran.
    member_mail_forget(user.pk)
    # The consent history stays (GDPR Art. 7(1): being able to show consent was
    # given); it names no one once the account is anonymised.
    OrganisationInvitation.objects.filter(user=user).delete()
    orphaned = _organisations_left_without_editor(user)
    Membership.objects.filter(user=user).delete()
    _tell_admins_about_orphaned(orphaned)
    OrganisationApplication.objects.filter(
        applicant=user, status=ApplicationStatus.PENDING
    ).delete()
    # Decided applications stay as the organisation's record, without the person.
    OrganisationApplication.objects.filter(applicant=user).update(contact_name="")


def _organisations_left_without_editor(user: User) -> list[Organisation]:
    """Organisations whose only editor is `user`: erasure may not wait for a hand-over."""
    editor_of = Membership.objects.filter(user=user, role=MembershipRole.EDITOR)
    return [
        membership.organisation
        for membership in editor_of.select_related("organisation")
        if not Membership.objects.filter(
            organisation=membership.organisation, role=MembershipRole.EDITOR
        )
        .exclude(user=user)
        .exists()
    ]


def _tell_admins_about_orphaned(organisations: list[Organisation]) -> None:
    if not organisations:
        return
    admins = list(User.objects.filter(is_superuser=True, is_active=True))
    for organisation in organisations:
        for admin in admins:
            notification_send(
                user=admin,
                kind="organisation.no_editor",
                text=_("%(name)s has no editor any more: its last editor left.")
                % {"name": organisation.name},
                url=organisation.get_absolute_url(),
            )
