from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    erased_at = models.DateTimeField(null=True, blank=True)

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
        return reverse("accounts:organisation", kwargs={"slug": self.slug})


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
