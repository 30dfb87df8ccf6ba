from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from accounts.models import Organisation
from exchange.choices import (
    COUNTRIES,
    FACET_LABELS,
    EvidenceLevel,
    FacetKind,
    PracticeStatus,
    Readiness,
    Recommendation,
)

# Markdown fields of a write-up, in page order; each has a stored `<name>_html` twin.
NARRATIVE_FIELDS = (
    "approach",
    "objectives",
    "indicators",
    "outcomes",
    "limitations",
    "implementation",
    "resources",
)
MAX_NARRATIVE_LENGTH = 20_000


class Practice(models.Model):
    """A programme write-up (SPEC §8), owned by one organisation and written by its editors."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="practices"
    )
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=150)
    summary = models.CharField(_("summary"), max_length=300)
    # What the write-up is written in (core.languages), not the programme's languages,
    # which are the `language` facet.
    language = models.CharField(
        _("written in"), max_length=10, default=settings.LANGUAGE_CODE
    )
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    approach = models.TextField(_("approach"), blank=True)
    approach_html = models.TextField(blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    objectives_html = models.TextField(blank=True)
    indicators = models.TextField(_("indicators"), blank=True)
    indicators_html = models.TextField(blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    outcomes_html = models.TextField(blank=True)
    limitations = models.TextField(_("limitations"), blank=True)
    limitations_html = models.TextField(blank=True)
    implementation = models.TextField(_("implementation experience"), blank=True)
    implementation_html = models.TextField(blank=True)
    resources = models.TextField(_("resources (staff, cost, training)"), blank=True)
    resources_html = models.TextField(blank=True)
    evidence_level = models.CharField(
        _("evaluation / evidence level"),
        max_length=20,
        choices=EvidenceLevel.choices,
        default=EvidenceLevel.NONE,
    )
    readiness = models.CharField(
        _("transferability / readiness"),
        max_length=20,
        choices=Readiness.choices,
        default=Readiness.RUNNING,
    )
    contact = models.TextField(_("contact"), max_length=1000, blank=True)
    status = models.CharField(
        max_length=10, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="practices_created",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    thread = models.OneToOneField(
        "forum.Thread",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practice",
    )
    # The searched fields, Unicode case-folded by the services at save: free-text search
    # is a plain `contains` on it, so "ŠKOLA" finds "škola" on SQLite and PostgreSQL alike.
    search_text = models.TextField(blank=True, editable=False)

    tags = TaggableManager(
        _("tags"),
        blank=True,
        help_text=_("Target groups and topics, e.g. women, young adults."),
    )

    class Meta:
        indexes = [
            models.Index(fields=["status", "-published_at"], name="practice_listing")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=PracticeStatus.DRAFT)
                | models.Q(published_at__isnull=False),
                name="practice_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exchange:practice", kwargs={"slug": self.slug})

    def facet_values(self, kind: str) -> list[str]:
        """Values of one multi-value field; reads the prefetched `facets` (no query)."""
        return sorted(f.value for f in self.facets.all() if f.kind == kind)

    def _labels(self, kind: str) -> list[str]:
        labels = FACET_LABELS[kind]
        return [str(labels.get(value, value)) for value in self.facet_values(kind)]

    @property
    def area_labels(self) -> list[str]:
        return self._labels(FacetKind.AREA)

    @property
    def setting_labels(self) -> list[str]:
        return self._labels(FacetKind.SETTING)

    @property
    def country_labels(self) -> list[str]:
        return self._labels(FacetKind.COUNTRY)

    @property
    def language_labels(self) -> list[str]:
        return self._labels(FacetKind.LANGUAGE)

    @property
    def is_draft(self) -> bool:
        return self.status == PracticeStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == PracticeStatus.PUBLISHED

    @property
    def is_archived(self) -> bool:
        return self.status == PracticeStatus.ARCHIVED


class PracticeFacet(models.Model):
    """One value of a multi-value field (area, setting, country, language) of a write-up.

    A row per value rather than a JSON list: filtering and facet counts are plain indexed
    joins and GROUP BYs that behave the same on SQLite and PostgreSQL (docs/decisions.md).
    """

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="facets"
    )
    kind = models.CharField(max_length=10, choices=FacetKind.choices)
    value = models.CharField(max_length=30)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "kind", "value"], name="one_facet_value_each"
            )
        ]
        indexes = [models.Index(fields=["kind", "value"], name="facet_lookup")]

    def __str__(self) -> str:
        return f"{self.practice_id} {self.kind}={self.value}"


class PracticeRevision(models.Model):
    """The content a write-up had before an edit (revisions kept, SPEC §8)."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField()
    # Snapshot of every editable field, including facet lists and tags.
    content = models.JSONField()
    changed_fields = models.JSONField(default=list)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "version"], name="one_practice_revision_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} v{self.version}"


class ImplementationExperience(models.Model):
    """'We implemented this in <country>': a structured reply in the write-up's discussion."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="experiences"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="experiences"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="implementation_experiences",
    )
    # The reply in the discussion thread; the experience is shown while it is published.
    post = models.OneToOneField(
        "forum.Post", on_delete=models.CASCADE, related_name="experience"
    )
    country = models.CharField(_("country"), max_length=2)
    # Also the language of its reply in the discussion.
    language = models.CharField(
        _("language"), max_length=10, default=settings.LANGUAGE_CODE
    )
    period = models.CharField(_("period"), max_length=100)
    adapted = models.TextField(_("what was adapted"), max_length=5000)
    adapted_html = models.TextField()
    results = models.TextField(_("results"), max_length=5000)
    results_html = models.TextField()
    recommendation = models.CharField(
        _("would recommend"), max_length=15, choices=Recommendation.choices
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.country}"

    @property
    def country_label(self) -> str:
        return str(COUNTRIES.get(self.country, self.country))
