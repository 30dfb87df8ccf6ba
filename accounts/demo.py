"""Fictional demo accounts and organisations (password settings.DEMO_PASSWORD). Idempotent."""

from django.conf import settings
from django.utils import timezone

from accounts import services
from accounts.models import (
    ConsentKind,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationApplication,
    ProfileVisibility,
    User,
)
from accounts.services.consent import consent_record

# username -> extra fields. All fictional.
DEMO_USERS = {
    "demo_admin": {"is_superuser": True, "is_staff": True, "country": "BE"},
    "demo_moderator": {"is_moderator": True, "country": "PT"},
    "demo_editor": {
        "country": "IT",
        "profile_visibility": ProfileVisibility.MEMBERS,
        "show_organisations": True,
    },
    "demo_member": {"country": "IT", "preferred_language": "it"},
    "sunrise_walker": {
        "country": "RS",
        "preferred_language": "sr-latn",
        "bio": "Three years clean. Here to listen.",
        "profile_visibility": ProfileVisibility.MEMBERS,
    },
    "quiet_harbour": {"country": "IE", "show_organisations": True},
    "northern_lights": {"country": "SE"},
    "tide_keeper": {"country": "ES", "show_organisations": True},
}

# (name, country, kind, description, editor, staff usernames)
DEMO_ORGANISATIONS = [
    (
        "Comunità Sentiero Aperto (demo)",
        "IT",
        "therapeutic_community",
        "A fictional residential therapeutic community in the hills, with a work "
        "programme in carpentry and a bakery.",
        "demo_editor",
        ["demo_member"],
    ),
    (
        "Novi Korak Recovery Network (demo)",
        "RS",
        "recovery_ngo",
        "A fictional peer-led recovery organisation running mutual-help groups and "
        "a housing-first pilot.",
        "sunrise_walker",
        [],
    ),
    (
        "Harbour Lane Peer Support (demo)",
        "IE",
        "peer_group",
        "A fictional peer group offering weekly meetings and mentoring for people "
        "leaving residential treatment.",
        "quiet_harbour",
        [],
    ),
    (
        "Fundación Camino Nuevo (demo)",
        "ES",
        "recovery_ngo",
        "A fictional foundation supporting employment after treatment: job coaching "
        "and partnerships with local employers.",
        "tide_keeper",
        [],
    ),
    (
        "Nordic Outpatient Service (demo)",
        "SE",
        "public_service",
        "A fictional municipal outpatient service with a family programme.",
        "northern_lights",
        [],
    ),
]


def _user(username: str, fields: dict) -> tuple[User, bool]:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user, False
    now = timezone.now()
    user = User(
        username=username,
        email=f"{username}@demo.invalid",
        email_confirmed_at=now,
        guidelines_version=settings.GUIDELINES_VERSION,
        guidelines_accepted_at=now,
        **fields,
    )
    user.set_password(settings.DEMO_PASSWORD)
    user.save()
    consent_record(
        user=user,
        kind=ConsentKind.GUIDELINES,
        version=settings.GUIDELINES_VERSION,
        is_given=True,
    )
    return user, True


def seed(*, stdout) -> None:
    users = {}
    created = 0
    for username, fields in DEMO_USERS.items():
        users[username], is_new = _user(username, fields)
        created += is_new
    admin = users["demo_admin"]
    for name, country, kind, description, editor, staff in DEMO_ORGANISATIONS:
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            application = OrganisationApplication.objects.filter(
                name=name, applicant=users[editor]
            ).first() or services.organisation_apply(
                by=users[editor],
                name=name,
                country=country,
                kind=kind,
                description=description,
                website="",
                contact_name=editor,
            )
            organisation = services.organisation_application_approve(
                application=application, by=admin
            )
        for username in staff:
            if not Membership.objects.filter(
                user=users[username], organisation=organisation
            ).exists():
                invitation = services.organisation_invite(
                    organisation=organisation,
                    by=users[editor],
                    username=username,
                    role=MembershipRole.MEMBER,
                )
                services.organisation_invitation_answer(
                    invitation=invitation, by=users[username], accept=True
                )
    stdout.write(
        f"accounts: {created} demo users created, "
        f"{Organisation.objects.count()} organisations."
    )
