from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.countries import country_name
from accounts.notification_texts import notification_text


class ProfileVisibility(models.TextChoices):
    PRIVATE = "private", _("Only me")
    MEMBERS = "members", _("Signed-in members")
    PUBLIC = "public", _("Everyone")


class User(AbstractUser):
    """A member. The username is a public pseudonym; everything else is private by default."""

    country = models.CharField(_("country"), max_length=2, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, blank=True
    )
    guidelines_version = models.CharField(max_length=20, blank=True)
    guidelines_accepted_at = models.DateTimeField(null=True, blank=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    is_moderator = models.BooleanField(_("moderator"), default=False)
    silenced_until = models.DateTimeField(null=True, blank=True)
    suspended_until = models.DateTimeField(null=True, blank=True)
    bio = models.TextField(_("about me"), max_length=2000, blank=True)
    profile_visibility = models.CharField(
        _("who can see my profile"),
        max_length=10,
        choices=ProfileVisibility.choices,
        default=ProfileVisibility.PRIVATE,
    )
    show_organisations = models.BooleanField(_("show my organisations"), default=False)
    show_name_when_typing = models.BooleanField(
        _("show my name when I am typing"), default=False
    )
    share_typing = models.BooleanField(
        _("let others see when I am typing"), default=True
    )
    # Per content-warning kind: "show" or "collapse"; missing means collapse.
    content_warning_preferences = models.JSONField(default=dict, blank=True)
    email_notifications = models.BooleanField(
        _("e-mail me a link when I get a notification"), default=False
    )
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta(AbstractUser.Meta):
        constraints = [
            # One account per address; the login, signup and reset flows rely on it.
            models.UniqueConstraint(
                Lower("email"),
                name="unique_user_email",
                condition=~models.Q(email=""),
            )
        ]

    def __str__(self) -> str:
        return self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", kwargs={"username": self.username})

    @property
    def is_silenced(self) -> bool:
        return self.silenced_until is not None and self.silenced_until > timezone.now()

    @property
    def is_suspended(self) -> bool:
        return (
            self.suspended_until is not None and self.suspended_until > timezone.now()
        )

    @property
    def has_confirmed_email(self) -> bool:
        return self.email_confirmed_at is not None


class OrganisationKind(models.TextChoices):
    THERAPEUTIC_COMMUNITY = "therapeutic_community", _("Therapeutic community")
    RECOVERY_NGO = "recovery_ngo", _("Recovery NGO")
    PUBLIC_SERVICE = "public_service", _("Public service")
    PEER_GROUP = "peer_group", _("Peer group")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(max_length=220, unique=True)
    country = models.CharField(_("country"), max_length=2)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_verified = models.BooleanField(_("verified member"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    members = models.ManyToManyField(
        User, through="Membership", related_name="organisations"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pages:organisation", kwargs={"slug": self.slug})

    @property
    def country_name(self) -> str:
        return country_name(self.country)


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    EDITOR = "editor", _("Editor")


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    # Set by the organisation's editors: may open private check-ins with members.
    is_support_worker = models.BooleanField(_("support worker"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class OrganisationApplication(models.Model):
    """An organisation asking to join the network; the applicant becomes its first editor."""

    applicant = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="organisation_applications"
    )
    name = models.CharField(_("organisation name"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    description = models.TextField(_("description"), max_length=5000)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    status = models.CharField(
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
    )
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"


class OrganisationInvitation(models.Model):
    """An editor asking a member to join their organisation's staff; the member decides."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="organisation_invitations"
    )
    role = models.CharField(
        max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    invited_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_invitation_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} invited to {self.organisation} ({self.role})"


class Notification(models.Model):
    """Something a member should know about. Text never quotes a post (SPEC §7)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=50)
    # Empty for kinds that name a member: their text is written when read, from
    # `actor` (accounts.notification_texts), so that it follows the member's erasure.
    text = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["user", "-created_at"], name="notification_user_recent"
            ),
            models.Index(
                fields=["user"],
                name="notification_unread",
                condition=models.Q(read_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def message(self) -> str:
        """The text as its recipient reads it; needs `actor` loaded."""
        return notification_text(self)


class SitePage(models.Model):
    """An admin-edited page (help, guidelines, privacy); one row per slug and language."""

    slug = models.SlugField(max_length=50)
    language = models.CharField(max_length=10, default="en")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"), max_length=50_000)
    body_html = models.TextField(editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["slug", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "language"], name="one_page_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.slug} ({self.language})"

    def get_absolute_url(self) -> str:
        return reverse(f"pages:{self.slug}")
