"""Position statements: drafted by network staff, consulted on paragraph by paragraph,
endorsed by verified member organisations, published in the network's name."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation

MAX_BODY_LENGTH = 50_000
MAX_TESTIMONY_LENGTH = 1_500
MAX_ENDORSEMENT_TEXT_LENGTH = 1_000


class PolicyArea(models.TextChoices):
    EMPLOYMENT = "employment", _("Employment")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health")
    TREATMENT = "treatment", _("Treatment")
    CRIMINAL_JUSTICE = "criminal_justice", _("Criminal justice")
    OTHER = "other", _("Other")


class StatementLanguage(models.TextChoices):
    EN = "en", "English"
    IT = "it", "Italiano"
    BS = "bs", "Bosanski"
    SR = "sr", "Српски / Srpski"


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("Consultation")
    ENDORSEMENT = "endorsement", _("Open for endorsement")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Spec: draft → consultation → endorsement → published, or → withdrawn from any
# unpublished step. A published statement changes only by correction.
STATUS_STEPS = {
    StatementStatus.DRAFT: (StatementStatus.CONSULTATION, StatementStatus.WITHDRAWN),
    StatementStatus.CONSULTATION: (
        StatementStatus.ENDORSEMENT,
        StatementStatus.WITHDRAWN,
    ),
    StatementStatus.ENDORSEMENT: (StatementStatus.PUBLISHED, StatementStatus.WITHDRAWN),
    StatementStatus.PUBLISHED: (),
    StatementStatus.WITHDRAWN: (),
}


class Statement(models.Model):
    """A position statement; its text is the latest revision, split into paragraphs."""

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500)
    policy_area = models.CharField(
        _("policy area"), max_length=20, choices=PolicyArea.choices
    )
    addressees = models.CharField(
        _("addressees"),
        max_length=300,
        help_text=_('For example "European Parliament", "national ministries".'),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=StatementLanguage.choices, default="en"
    )
    status = models.CharField(
        max_length=15, choices=StatementStatus.choices, default=StatementStatus.DRAFT
    )
    # A translation is endorsed with its original: it has no endorsements of its own.
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="translations",
    )
    revision_count = models.PositiveIntegerField(default=0)
    # Next paragraph key number: keys are never reused, so an anchor never moves.
    next_paragraph_number = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # From the form: a double submit of "Start a statement" finds the first draft.
    idempotency_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-updated_at"], name="statement_list")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published")
                | models.Q(published_at__isnull=False),
                name="statement_published_has_date",
            ),
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="one_statement_per_submit",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("voice:statement", kwargs={"slug": self.slug})

    @property
    def is_draft(self) -> bool:
        return self.status == StatementStatus.DRAFT

    @property
    def is_in_consultation(self) -> bool:
        return self.status == StatementStatus.CONSULTATION

    @property
    def is_open_for_endorsement(self) -> bool:
        return self.status == StatementStatus.ENDORSEMENT

    @property
    def is_published(self) -> bool:
        return self.status == StatementStatus.PUBLISHED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == StatementStatus.WITHDRAWN

    @property
    def is_public(self) -> bool:
        return self.status in (
            StatementStatus.CONSULTATION,
            StatementStatus.ENDORSEMENT,
            StatementStatus.PUBLISHED,
        )

    @property
    def endorsed_statement_id(self) -> int:
        """The statement whose endorsements count for this one (its original)."""
        return self.translation_of_id or self.pk


class Paragraph(models.Model):
    """One numbered paragraph of the current text; `key` is its stable anchor."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="paragraphs"
    )
    key = models.CharField(max_length=12)
    position = models.PositiveIntegerField()
    text = models.TextField()
    text_html = models.TextField()
    # Its consultation thread, in the hidden statements category (created on first use).
    thread = models.OneToOneField(
        "forum.Thread",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statement_paragraph",
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "key"], name="one_paragraph_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.statement_id} §{self.position} ({self.key})"

    def get_absolute_url(self) -> str:
        return reverse(
            "voice:paragraph",
            kwargs={"slug": self.statement.slug, "key": self.key},
        )

    @property
    def anchor(self) -> str:
        return f"para-{self.key}"

    @property
    def comment_count(self) -> int:
        """Published replies in its thread (the first post quotes the paragraph)."""
        if self.thread is None:
            return 0
        return max(self.thread.post_count - 1, 0)


class StatementRevision(models.Model):
    """A saved text: every draft save, accepted amendment and correction."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=500)
    # [[key, text], ...] in order: the paragraphs as they were.
    paragraphs = models.JSONField()
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    is_correction = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "number"], name="one_statement_revision_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.statement_id} r{self.number}"

    @property
    def body(self) -> str:
        return "\n\n".join(text for _key, text in self.paragraphs)


# The audit trail's actions as staff read them.
EVENT_LABELS = {
    "created": _("Created"),
    "edited": _("Edited"),
    "moved": _("Moved"),
    "corrected": _("Corrected"),
    "amendment.accepted": _("Amendment accepted"),
    "amendment.declined": _("Amendment declined"),
    "endorsed": _("Endorsed"),
    "endorsement.withdrawn": _("Endorsement withdrawn"),
    "testimony.approved": _("Testimony approved"),
    "testimony.rejected": _("Testimony not approved"),
}


class StatementEvent(models.Model):
    """The statement's audit trail: who moved it, edited it, decided what, and when."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=15, blank=True)
    to_status = models.CharField(max_length=15, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.statement_id} {self.action}"

    @property
    def action_label(self) -> str:
        return str(EVENT_LABELS.get(self.action, self.action))

    @property
    def to_status_label(self) -> str:
        if self.to_status not in StatementStatus.values:
            return self.to_status
        return str(StatementStatus(self.to_status).label)


class EvidenceKind(models.TextChoices):
    WRITE_UP = "write_up", _("Programme write-up")
    THREAD = "thread", _("Discussion")


class EvidenceLink(models.Model):
    """A member's write-up or thread that backs the statement, by its path on this site."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    path = models.CharField(max_length=300)
    label = models.CharField(_("title"), max_length=200)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "path"], name="one_evidence_link_per_path"
            )
        ]

    def __str__(self) -> str:
        return self.label


class AmendmentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Amendment(models.Model):
    """An organisation editor's replacement text for one paragraph."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="amendments"
    )
    paragraph = models.ForeignKey(
        Paragraph, null=True, on_delete=models.SET_NULL, related_name="amendments"
    )
    paragraph_key = models.CharField(max_length=12)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("replacement text"), max_length=5_000)
    text_html = models.TextField()
    reason = models.CharField(_("why"), max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.statement_id} §{self.paragraph_key} ({self.status})"


class Endorsement(models.Model):
    """A verified member organisation signing the statement; the editor is recorded."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="endorsements"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="endorsements"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(
        _("statement of the organisation (optional)"),
        max_length=MAX_ENDORSEMENT_TEXT_LENGTH,
        blank=True,
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__country", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "organisation"], name="one_endorsement_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} endorses {self.statement_id}"


class CoSignature(models.Model):
    """A member co-signing: counted; named only if they chose to show their username."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="cosignatures"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    show_username = models.BooleanField(
        _("show my username among the co-signers"), default=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "user"], name="one_cosignature_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"co-signature {self.pk} of {self.statement_id}"


class TestimonyStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")


class Testimony(models.Model):
    """A member's short lived-experience testimony, shown under a pseudonym once a
    moderator approved it. Withdrawing deletes it."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="testimonies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    pseudonym = models.CharField(
        _("signed as"),
        max_length=60,
        blank=True,
        help_text=_("A first name or a made-up name. Leave empty to stay anonymous."),
    )
    text = models.TextField(_("your testimony"), max_length=MAX_TESTIMONY_LENGTH)
    text_html = models.TextField()
    status = models.CharField(
        max_length=10, choices=TestimonyStatus.choices, default=TestimonyStatus.PENDING
    )
    is_chosen = models.BooleanField(default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "testimonies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_chosen=False) | models.Q(status="approved"),
                name="testimony_chosen_is_approved",
            )
        ]

    def __str__(self) -> str:
        return f"testimony {self.pk} on {self.statement_id}"

    def get_absolute_url(self) -> str:
        return self.statement.get_absolute_url() + f"#testimony-{self.pk}"

    @property
    def signature(self) -> str:
        return self.pseudonym or str(_("A member"))
