"""Reads of the accounts app, filtered by viewer."""

import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Case, Q, QuerySet, Value, When
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import (
    ApplicationStatus,
    Block,
    ConsentRecord,
    LoginRecord,
    Membership,
    MembershipRole,
    Notification,
    NotificationPreference,
    Organisation,
    OrganisationApplication,
    OrganisationInvitation,
    ProfileVisibility,
    SitePage,
    User,
)
from accounts.notification_kinds import DEFAULT_EMAIL, KindGroup
from accounts.notification_texts import content_visible_q, notifications_content
from accounts.permissions import can_moderate, is_admin, is_member, is_org_editor
from core.errors import NotFound

logger = logging.getLogger(__name__)


def notifications_visible(*, viewer: User) -> QuerySet[Notification]:
    """The viewer's notifications, without those about content they may no longer see
    (a post hidden, deleted or rejected after it was stored, a thread in a category
    closed to them). The list and the unread count both start here, so they agree."""
    return Notification.objects.filter(content_visible_q(viewer), user=viewer)


def notifications_for(*, viewer: User) -> QuerySet[Notification]:
    """The list at /accounts/notifications/, newest first."""
    # The actor names some texts as they are read (Notification.message).
    return notifications_visible(viewer=viewer).select_related("actor")


@dataclass
class NotificationGroup:
    """Consecutive notifications about one thread (or one notice on its own)."""

    thread_id: int | None
    title: str
    notifications: list[Notification]


def notification_groups(
    *, viewer: User, notifications: list[Notification]
) -> list[NotificationGroup]:
    """One page of notifications, newest first, grouped per thread where the thread
    comes first in the page; those about content the viewer may no longer see
    (hidden, or a category closed to them) are left out. Fixed queries per page."""
    hidden, titles = notifications_content(viewer, notifications)
    groups: list[NotificationGroup] = []
    by_thread: dict[int, NotificationGroup] = {}
    for notification in notifications:
        if notification.pk in hidden:
            continue
        thread_id = notification.about_thread_id
        if thread_id is not None and thread_id in by_thread:
            by_thread[thread_id].notifications.append(notification)
            continue
        group = NotificationGroup(
            thread_id=thread_id,
            title=titles[notification.pk].title if notification.pk in titles else "",
            notifications=[notification],
        )
        groups.append(group)
        if thread_id is not None:
            by_thread[thread_id] = group
    return groups


def notification_preferences(*, user: User) -> dict[str, str]:
    """The member's e-mail choice for every group, defaults filled in."""
    chosen = dict(
        NotificationPreference.objects.filter(user=user).values_list("group", "email")
    )
    return {group: chosen.get(group, DEFAULT_EMAIL[group]) for group in KindGroup}


def notification_email_choice(*, user: User, group: str) -> str:
    """How the member wants e-mail for one group (the default if they never chose)."""
    chosen = (
        NotificationPreference.objects.filter(user=user, group=group)
        .values_list("email", flat=True)
        .first()
    )
    return chosen or DEFAULT_EMAIL[group]


# The bell counts this far and shows "99+" from here: a member with thousands of unread
# notifications costs every page no more than one with a hundred.
UNREAD_COUNT_LIMIT = 100
# The count is kept in the cache between the changes that forget it (every service that
# stores, reads or hides what a notification is about: accounts.services.notifications).
# A change no service announces (a category closed to a member) shows within this time.
UNREAD_COUNT_SECONDS = 60


def _unread_count_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def unread_notification_count(*, viewer: User) -> int:
    """The header's bell and /ws/me/: the member's unread notifications about content
    they may still see, at most UNREAD_COUNT_LIMIT. One COUNT over the unread rows (by
    the partial index on them), each about content checked by a primary-key EXISTS,
    kept in the cache until it changes; the cache failing only costs the query."""
    key = _unread_count_key(viewer.pk)
    try:
        kept = cache.get(key)
    except Exception:
        logger.warning("cache unavailable; counting notifications", exc_info=True)
        kept = None
    if kept is not None:
        return kept
    unread = notifications_visible(viewer=viewer).filter(read_at__isnull=True)
    count = unread[:UNREAD_COUNT_LIMIT].count()
    try:
        cache.set(key, count, UNREAD_COUNT_SECONDS)
    except Exception:
        logger.warning("cache unavailable; count not kept", exc_info=True)
    return count


def unread_counts_forget(user_ids: list[int]) -> None:
    """Forget the kept counts of these members: they changed, or are about to when
    the caller's transaction commits."""
    try:
        cache.delete_many([_unread_count_key(user_id) for user_id in user_ids])
    except Exception:
        # The counts show the change within UNREAD_COUNT_SECONDS.
        logger.warning("cache unavailable; unread counts not forgotten", exc_info=True)


def profile_visible_to(user: User, viewer: User | None) -> bool:
    """Profiles are private by default (SPEC §7); moderators see them to keep people safe."""
    if user.erased_at is not None or not user.is_active:
        return False
    if viewer is not None and viewer.is_authenticated and viewer.pk == user.pk:
        return True
    if can_moderate(viewer):
        return True
    if user.profile_visibility == ProfileVisibility.PUBLIC:
        return True
    return user.profile_visibility == ProfileVisibility.MEMBERS and is_member(viewer)


def profile_for(*, username: str, viewer: User | None) -> User:
    """The user behind /u/<username>/; NotFound when missing or not visible (same answer)."""
    user = User.objects.filter(username=username).first()
    if user is None or not profile_visible_to(user, viewer):
        raise NotFound(_("No visible profile with that name."))
    return user


def profile_organisations(*, user: User, viewer: User | None) -> list[Organisation]:
    if not user.show_organisations and not (
        viewer is not None and viewer.is_authenticated and viewer.pk == user.pk
    ):
        return []
    return list(Organisation.objects.filter(memberships__user=user).order_by("name"))


def organisation_get(*, slug: str) -> Organisation:
    """The organisation; NotFound when there is none at that address."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise NotFound(_("No organisation with that address."))
    return organisation


def organisation_page(*, slug: str, viewer: User | None) -> dict:
    """Everything /o/<slug>/ shows: staff the viewer may see, and editor tools if allowed."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise NotFound(_("No organisation with that address."))
    can_edit = is_org_editor(viewer, organisation)
    memberships = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("-role", "user__username")
    )
    if not can_edit:
        # Members choose whether their link to an organisation is public.
        memberships = memberships.filter(
            user__show_organisations=True,
            user__is_active=True,
            user__erased_at__isnull=True,
        )
    return {
        "organisation": organisation,
        "memberships": list(memberships),
        # No list of open invitations: it would show editors which names belong to a
        # private member (an invitation to an unknown name is never stored).
        "can_edit": can_edit,
        "role_choices": MembershipRole.choices,
    }


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


def applications_for_review(*, viewer: User) -> QuerySet[OrganisationApplication]:
    if not is_admin(viewer):
        return OrganisationApplication.objects.none()
    pending_first = Case(
        When(status=ApplicationStatus.PENDING, then=Value(0)), default=Value(1)
    )
    return OrganisationApplication.objects.select_related(
        "applicant", "decided_by", "organisation"
    ).order_by(pending_first, "-created_at")


def application_for(*, pk: int, viewer: User) -> OrganisationApplication:
    """Admins see every application, applicants their own; anyone else gets NotFound."""
    application = (
        OrganisationApplication.objects.select_related("applicant", "organisation")
        .filter(pk=pk)
        .first()
    )
    if application is not None and (
        is_admin(viewer) or application.applicant_id == viewer.pk
    ):
        return application
    raise NotFound(_("No application with that number."))


def applications_of(*, viewer: User) -> QuerySet[OrganisationApplication]:
    return OrganisationApplication.objects.filter(applicant=viewer).order_by(
        "-created_at"
    )


def invitations_for(*, viewer: User) -> QuerySet[OrganisationInvitation]:
    return (
        OrganisationInvitation.objects.filter(user=viewer)
        .select_related("organisation", "invited_by")
        .order_by("created_at")
    )


def memberships_of(*, viewer: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=viewer)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def site_page(*, slug: str) -> SitePage:
    """The page in the current language, else the English one."""
    language = translation.get_language() or "en"
    pages = {
        page.language: page
        for page in SitePage.objects.filter(slug=slug, language__in={language, "en"})
    }
    page = pages.get(language) or pages.get("en")
    if page is None:
        raise NotFound(_("This page has not been written yet."))
    return page


def membership_get(*, pk: int, organisation_slug: str) -> Membership:
    """A staff membership of the organisation at that address; the service decides
    who may change it."""
    membership = (
        Membership.objects.select_related("organisation", "user")
        .filter(pk=pk, organisation__slug=organisation_slug)
        .first()
    )
    if membership is None:
        raise NotFound(_("No such member."))
    return membership


def invitation_for(*, pk: int, viewer: User) -> OrganisationInvitation:
    """One of the viewer's own invitations; anyone else's is not found (no IDOR)."""
    invitation = (
        OrganisationInvitation.objects.select_related("organisation")
        .filter(pk=pk, user=viewer)
        .first()
    )
    if invitation is None:
        raise NotFound(_("No such invitation."))
    return invitation


def site_page_stored(*, slug: str, language: str) -> SitePage | None:
    """A site page's stored text in one language, or None where none is written yet
    (the editor then starts blank)."""
    return SitePage.objects.filter(slug=slug, language=language).first()


def blocks_made(*, viewer: User) -> QuerySet[Block]:
    """The members the viewer blocked, for unblocking in settings."""
    return Block.objects.filter(blocker=viewer).select_related("blocked")


def block_target(*, username: str, viewer: User) -> User:
    """A member the viewer may block or unblock: anyone with a live account but
    themselves. The same NotFound for a missing or erased name."""
    user = User.objects.filter(
        username=username, is_active=True, erased_at__isnull=True
    ).first()
    if user is None or not is_member(viewer) or user.pk == viewer.pk:
        raise NotFound(_("No member with that name."))
    return user


def has_blocked(*, viewer: User, user: User) -> bool:
    return Block.objects.filter(blocker=viewer, blocked=user).exists()


def blocks_involving(*, user: User, viewer: User) -> list[User]:
    """For moderators and staff: the members with whom `user` has a block, in either
    direction. Who made each block is never said."""
    if not (can_moderate(viewer) or viewer.is_staff):
        return []
    pairs = Block.objects.filter(Q(blocker=user) | Q(blocked=user)).values_list(
        "blocker_id", "blocked_id"
    )
    ids = {a if b == user.pk else b for a, b in pairs}
    return list(User.objects.filter(pk__in=ids).order_by("username"))


def consent_history(*, viewer: User) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(user=viewer)


def login_history(*, viewer: User) -> QuerySet[LoginRecord]:
    return LoginRecord.objects.filter(user=viewer)
