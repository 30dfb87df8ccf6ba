from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.countries import country_name
from accounts.notification_kinds import EmailChoice, KindGroup
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
    # Network staff draft position statements and move them through their lifecycle
    # (SPEC §3); an administrator grants it (accounts.services.network_staff_set).
    is_network_staff = models.BooleanField(_("network staff"), default=False)
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
    # When the member agreed to receive e-mail about notifications (None: no consent).
    email_consent_at = models.DateTimeField(null=True, blank=True)
    watch_on_reply = models.BooleanField(
        _("watch the threads I start or reply to"), default=True
    )
    # Larger text, more space, one column and the shorter help texts (static/css).
    easy_read = models.BooleanField(_("easy read"), default=False)
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

    @property
    def country_name(self) -> str:
        return country_name(self.country)


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
    # What the notification is about, by id: accounts sits below the forum, so these are
    # plain numbers that the forum checks again when the list or a digest is read.
    about_thread_id = models.PositiveBigIntegerField(null=True, blank=True)
    about_post_id = models.PositiveBigIntegerField(null=True, blank=True)
    # "One per event": the same event (e.g. "post:42") never makes a second row for the
    # member, however often the code that sends it runs.
    event_key = models.CharField(max_length=100, blank=True)
    # Batched kinds (reactions): how many of the events since `batch_started_at` still
    # stand (a reaction taken back no longer counts), as the sending app counts them.
    count = models.PositiveIntegerField(default=1)
    batch_started_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when a digest or an immediate e-mail has covered the row.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_key"],
                name="one_notification_per_event",
                condition=~models.Q(event_key=""),
            ),
            # Reactions to a post gather on one unread row ("3 people sent support").
            models.UniqueConstraint(
                fields=["user", "kind", "about_post_id"],
                name="one_unread_batch_per_post",
                condition=models.Q(read_at__isnull=True, kind="post.reaction"),
            ),
        ]
        indexes = [
            models.Index(
                fields=["user", "-created_at"], name="notification_user_recent"
            ),
            models.Index(
                fields=["user"],
                name="notification_unread",
                condition=models.Q(read_at__isnull=True),
            ),
            # Whose bell to wake when content in a thread is hidden or restored.
            models.Index(
                fields=["about_thread_id"],
                name="notification_unread_thread",
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


class NotificationPreference(models.Model):
    """How a member wants to hear by e-mail about one group of notifications."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    group = models.CharField(max_length=20, choices=KindGroup.choices)
    email = models.CharField(max_length=10, choices=EmailChoice.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "group"], name="one_preference_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.group}: {self.email}"


class Digest(models.Model):
    """One digest e-mail per member and period, so `send_digests` can run again safely."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="digests")
    period = models.CharField(max_length=10)  # "daily" or "weekly"
    period_start = models.DateField()
    notification_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "period", "period_start"], name="one_digest_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.period} {self.period_start}"


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


class Block(models.Model):
    """`blocker` no longer sees `blocked`'s posts, and neither can mention, quote or
    notify the other. Moderators and staff see that a block exists, never who made it."""

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")),
                name="no_self_block",
            ),
        ]

    def __str__(self) -> str:
        return f"block {self.pk}"


class ConsentKind(models.TextChoices):
    GUIDELINES = "guidelines", _("Community guidelines")
    EMAIL = "email_notifications", _("E-mails about notifications")
    PUBLIC_STORY = "public_story", _("Publishing my story")
    PROFILE_VISIBILITY = "profile_visibility", _("Who can see my profile")
    SHOW_ORGANISATIONS = "show_organisations", _("Showing my organisations")
    NAME_WHEN_TYPING = "show_name_when_typing", _("My name when I am typing")


class ConsentRecord(models.Model):
    """One thing a member agreed to or withdrew, with the version of the text and the
    time. Rows are only added: the history is what the member sees in settings."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=30, choices=ConsentKind.choices)
    # The guidelines' version, or the value chosen (a profile visibility).
    version = models.CharField(max_length=40, blank=True)
    is_given = models.BooleanField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "kind", "-at"], name="consent_recent")]

    def __str__(self) -> str:
        return (
            f"{self.kind} {self.version} ({'given' if self.is_given else 'withdrawn'})"
        )


class LoginRecord(models.Model):
    """A successful login: kept for the member's own export and for security, then
    erased by `manage.py apply_retention` after RETENTION_IP_DAYS."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="logins")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"login {self.pk}"
