"""Recovery stories: a member's own account, published after a moderator's review."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.countries import COUNTRIES

# Raised whenever the consent text shown on the form changes: a story records the
# version its author agreed to, so an older consent can be told apart from a newer one.
STORY_CONSENT_VERSION = "2026-12"


class StoryArea(models.TextChoices):
    EMPLOYMENT = "employment", _("Employment")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health")
    FAMILY = "family", _("Family and relationships")
    EDUCATION = "education", _("Education and training")
    TREATMENT = "treatment", _("Treatment")
    JUSTICE = "justice", _("Criminal justice")
    COMMUNITY = "community", _("Community and peer support")


class StorySignature(models.TextChoices):
    ANONYMOUS = "anonymous", _("Anonymous")
    FIRST_NAME = "first_name", _("A first name only")
    USERNAME = "username", _("My username")


class StoryState(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Story(models.Model):
    """A recovery story. Its text is health data (GDPR Art. 9): shown publicly only
    while published, wiped when its author withdraws it, deleted on erasure."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stories"
    )
    title = models.CharField(max_length=200)
    body = models.TextField()
    body_html = models.TextField()
    country = models.CharField(max_length=2, choices=COUNTRIES, blank=True)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    signature = models.CharField(max_length=12, choices=StorySignature.choices)
    signed_name = models.CharField(max_length=60, blank=True)
    state = models.CharField(
        max_length=10, choices=StoryState.choices, default=StoryState.PENDING
    )
    consent_at = models.DateTimeField()
    consent_version = models.CharField(max_length=20)
    idempotency_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # A double submit makes one story.
            models.UniqueConstraint(
                fields=["author", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="story_one_per_submit",
            )
        ]
        indexes = [
            models.Index(fields=["state", "-published_at"], name="story_public"),
        ]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title or f"story {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("stories:detail", kwargs={"pk": self.pk})

    @property
    def byline(self) -> str:
        """How the story is signed in public: never more than its author chose."""
        if self.signature == StorySignature.USERNAME and self.author.erased_at is None:
            return self.author.username
        if self.signature == StorySignature.FIRST_NAME and self.signed_name:
            return self.signed_name
        return str(_("Anonymous"))

    @property
    def area_values(self) -> list[str]:
        return [row.area for row in self.areas.all()]

    @property
    def area_labels(self) -> list[str]:
        labels = dict(StoryArea.choices)
        return [str(labels.get(value, value)) for value in self.area_values]


class StoryAreaTag(models.Model):
    """One area of a story: a row per value, so filtering is a plain indexed join on
    SQLite and PostgreSQL alike (as write-up facets)."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="areas")
    area = models.CharField(max_length=20, choices=StoryArea.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "area"], name="story_area_once")
        ]
        indexes = [models.Index(fields=["area"], name="story_area_lookup")]

    def __str__(self) -> str:
        return f"{self.story_id} {self.area}"
