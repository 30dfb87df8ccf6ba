from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.languages import language_name
from forum.models import Post
from moderation.matching import is_plain_phrase

APPEAL_WINDOW = timedelta(days=183)


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Abusive or hateful")
    PERSONAL_INFO = "personal_info", _("Shares someone's personal information")
    HARM = "harm", _("Someone may be at risk")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Something else")
    WATCHED_WORD = "watched_word", _("Watched word (automatic)")


class Guideline(models.TextChoices):
    """The community guidelines a decision can rest on; /guidelines/ explains each."""

    RESPECT = "respect", _("1. Treat each other with respect")
    PRIVACY = "privacy", _("2. Protect everyone's privacy")
    SAFETY = "safety", _("3. Keep each other safe")
    NO_DEALING = "no_dealing", _("4. No sourcing, selling or swapping of substances")
    NO_SPAM = "no_spam", _("5. No spam or advertising")
    ON_TOPIC = "on_topic", _("6. Stay on topic")
    NONE = "none", _("No guideline was broken")


class CaseState(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved (action taken)")
    REJECTED = "rejected", _("Rejected (flags dismissed)")


class Decided(models.Model):
    """Who closed a case, appeal or approval item, and when (empty while it is open)."""

    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class Case(Decided):
    """Everything flagged about one post: its flags, a snapshot, notes and history."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="case")
    state = models.CharField(
        max_length=10, choices=CaseState.choices, default=CaseState.OPEN
    )
    is_urgent = models.BooleanField(default=False)
    flag_count = models.PositiveIntegerField(default=0)
    # The post as it was when first flagged (it may be edited or erased later). The
    # Markdown is kept so that erasure can scrub quotes and mentions and render again.
    snapshot_body = models.TextField(blank=True)
    snapshot_body_html = models.TextField()
    snapshot_author = models.CharField(max_length=150, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["state", "-is_urgent", "created_at"], name="case_queue"
            )
        ]

    def __str__(self) -> str:
        return f"case {self.pk} ({self.state})"

    def get_absolute_url(self) -> str:
        return reverse("moderation:case", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.state == CaseState.OPEN

    @property
    def reason_counts(self) -> list[tuple[str, int]]:
        """(label, count) of the open flags; needs the selectors' `open_flags` prefetch."""
        counts: dict[str, int] = {}
        for flag in self.open_flags:
            counts[flag.reason] = counts.get(flag.reason, 0) + 1
        labels = dict(FlagReason.choices)
        return [(str(labels[reason]), n) for reason, n in counts.items()]


class Flag(models.Model):
    """One member's report about a post. The flagger is never shown to the post's author."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="flags")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    # Null for automatic flags (watched words) and for flaggers who erased their account.
    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flags_filed",
    )
    reason = models.CharField(max_length=20, choices=FlagReason.choices)
    note = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "flagger"],
                condition=models.Q(flagger__isnull=False),
                name="one_flag_per_member_per_post",
            )
        ]

    def __str__(self) -> str:
        return f"flag {self.reason} on {self.post_id}"


class CaseNote(models.Model):
    """A private note between moderators; never shown to members."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"note on case {self.case_id}"


HISTORY_LABELS = {
    "flagged": _("Reported"),
    "flag_updated": _("Report updated"),
    "auto_hidden": _("Hidden automatically"),
    "claimed": _("Claimed"),
    "unclaimed": _("Unclaimed"),
    "noted": _("Note added"),
    "hidden": _("Post hidden"),
    "restored": _("Post restored"),
    "edited_restored": _("Post edited and restored"),
    "dismissed": _("Reports dismissed"),
    "thread_locked": _("Thread locked"),
}


class CaseEvent(models.Model):
    """One line of a case's history (flagged, claimed, hidden, dismissed, ...)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=30)
    text = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} on case {self.case_id}"

    @property
    def label(self) -> str:
        return str(HISTORY_LABELS.get(self.kind, self.kind))


class Action(models.TextChoices):
    POST_HIDE = "post.hide", _("Post hidden")
    POST_AUTO_HIDE = "post.auto_hide", _("Post hidden pending review")
    POST_RESTORE = "post.restore", _("Post restored")
    POST_EDIT_RESTORE = "post.edit_restore", _("Post edited and restored")
    POST_APPROVE = "post.approve", _("Post approved")
    POST_EDIT_APPROVE = "post.edit_approve", _("Post edited and approved")
    POST_REJECT = "post.reject", _("Post rejected")
    FLAGS_DISMISS = "flags.dismiss", _("Flags dismissed")
    THREAD_LOCK = "thread.lock", _("Thread locked")
    THREAD_UNLOCK = "thread.unlock", _("Thread unlocked")
    THREAD_PIN = "thread.pin", _("Thread pinned")
    THREAD_UNPIN = "thread.unpin", _("Thread unpinned")
    THREAD_MOVE = "thread.move", _("Thread moved")
    THREAD_SLOW_MODE = "thread.slow_mode", _("Slow mode changed")
    USER_SILENCE = "user.silence", _("Member silenced")
    USER_SUSPEND = "user.suspend", _("Member suspended")
    USER_LIFT = "user.lift", _("Sanction lifted")
    WORD_ADD = "word.add", _("Watched word added or changed")
    WORD_REMOVE = "word.remove", _("Watched word removed")
    APPEAL_UPHOLD = "appeal.uphold", _("Appeal rejected, decision upheld")
    APPEAL_OVERTURN = "appeal.overturn", _("Appeal accepted, decision overturned")
    MODERATOR_APPOINT = "user.moderator_appoint", _("Moderator appointed")
    MODERATOR_REMOVE = "user.moderator_remove", _("Moderator removed")
    CHECKIN_OPEN = "checkin.open", _("Private check-in opened")
    # Items of other apps reviewed before publication (core.review: stories, testimonies).
    REVIEW_APPROVE = "review.approve", _("Submission approved")
    REVIEW_REJECT = "review.reject", _("Submission rejected")


class AuditEntry(models.Model):
    """The audit log (/moderation/log/): who did what to whom, why, and when."""

    # Null actor: the system acted (auto-hide, watched words).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    thread = models.ForeignKey(
        "forum.Thread",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the action concerned when it is not a member, post or thread (a watched word).
    subject = models.CharField(max_length=200, blank=True)
    guideline = models.CharField(
        max_length=20, choices=Guideline.choices, default=Guideline.NONE
    )
    reason = models.TextField(max_length=2000)
    is_automated = models.BooleanField(default=False)
    until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id or 'system'}"


class Statement(models.Model):
    """A statement of reasons sent to the member a decision affects."""

    audit_entry = models.OneToOneField(
        AuditEntry, on_delete=models.CASCADE, related_name="statement"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="statements"
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    guideline = models.CharField(max_length=20, choices=Guideline.choices)
    reason = models.TextField(max_length=2000)
    is_automated = models.BooleanField(default=False)
    is_appealable = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"statement {self.pk} to {self.user_id}"

    def get_absolute_url(self) -> str:
        return reverse("moderation:statement", kwargs={"pk": self.pk})

    @property
    def appeal_last_day(self) -> date:
        """The last day to appeal, counted in the site's time zone's calendar days:
        notices, notifications and the check in appeal_create all use this one date."""
        return timezone.localdate(self.created_at) + APPEAL_WINDOW

    @property
    def is_appeal_window_open(self) -> bool:
        return timezone.localdate() <= self.appeal_last_day


class AppealState(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    UPHELD = "upheld", _("Decision upheld")
    OVERTURNED = "overturned", _("Decision overturned")


class Appeal(Decided):
    """A member asking for a decision to be reviewed; a different moderator decides."""

    statement = models.OneToOneField(
        Statement, on_delete=models.CASCADE, related_name="appeal"
    )
    text = models.TextField(max_length=3000)
    state = models.CharField(
        max_length=10, choices=AppealState.choices, default=AppealState.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decision_reason = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"appeal {self.pk} ({self.state})"


class ApprovalState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class HoldReason(models.TextChoices):
    FIRST_POSTS = "first_posts", _("New member's first posts")
    PRE_MODERATED = "pre_moderated_category", _("Pre-moderated category")
    WATCHED_WORD = "watched_word", _("Watched word")
    CONTACT_DETAILS = "contact_details", _("Phone number or e-mail address")


class ApprovalItem(Decided):
    """A post waiting in the approval queue."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="approval")
    reasons = models.JSONField(default=list)
    matched_words = models.JSONField(default=list, blank=True)
    state = models.CharField(
        max_length=10, choices=ApprovalState.choices, default=ApprovalState.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"approval {self.post_id} ({self.state})"

    @property
    def reason_labels(self) -> list[str]:
        labels = dict(HoldReason.choices)
        return [str(labels.get(reason, reason)) for reason in self.reasons]


class WatchedAction(models.TextChoices):
    BLOCK = "block", _("Block (refuse the post)")
    CENSOR = "censor", _("Censor (show it masked)")
    HOLD = "hold", _("Hold for approval")
    FLAG = "flag", _("Flag (open a case)")
    AT_RISK = "at_risk", _("At risk (urgent case, help lines shown to the poster)")


class WatchedWord(models.Model):
    """A word or phrase matched case-insensitively on whole words; never a regex."""

    # A written language (core.languages); blank: applies to posts in every language.
    language = models.CharField(_("language"), max_length=10, blank=True)
    word = models.CharField(_("word or phrase"), max_length=100)
    action = models.CharField(_("action"), max_length=10, choices=WatchedAction.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["language", "word"]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "word"], name="one_watched_word_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.word} ({self.language or 'all'}: {self.action})"

    @property
    def language_label(self) -> str:
        return language_name(self.language) if self.language else ""

    def clean(self) -> None:
        if not is_plain_phrase(self.word):
            raise ValidationError(
                {
                    "word": _(
                        "Watched words are plain words: letters and digits, with "
                        "spaces, hyphens or apostrophes between them."
                    )
                }
            )


class CrisisKind(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency")
    EMOTIONAL = "emotional", _("Emotional support")
    DRUGS = "drugs", _("Drug and alcohol")


class CrisisResource(models.Model):
    """A crisis line shown on /help/, after a harm flag and after an at-risk post.

    Country "EU" rows are the European lines, shown after the viewer's own country's.
    Only verified entries belong here.
    """

    country = models.CharField(
        _("country"), max_length=2, help_text=_("ISO code, or EU for every country")
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    url = models.URLField(_("web address"), blank=True)
    hours = models.CharField(_("hours"), max_length=100, blank=True)
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_("The languages the line answers in, e.g. Italian, English"),
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=CrisisKind.choices,
        default=CrisisKind.EMERGENCY,
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("crisis line")
        verbose_name_plural = _("crisis lines")

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"

    def clean(self) -> None:
        self.country = self.country.upper()
        if not (self.phone or self.url):
            raise ValidationError(_("Give a phone number or a web address."))


class CheckInState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSE_REQUESTED = "close_requested", _("The member asked to close it")
    CLOSED = "closed", _("Closed")


class CheckIn(models.Model):
    """A private safeguarding conversation between one member and the moderator or
    support worker who opened it. There are no member-to-member private messages."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="checkins_opened",
    )
    reason = models.TextField(_("reason"))
    # The case it was opened from: other moderators may read it through the case.
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="checkins"
    )
    state = models.CharField(
        max_length=16, choices=CheckInState.choices, default=CheckInState.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "closed_at"], name="checkin_retention")
        ]

    def __str__(self) -> str:
        return f"check-in {self.pk} ({self.state})"

    def get_absolute_url(self) -> str:
        return reverse("moderation:checkin", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.state == CheckInState.CLOSED


class CheckInMessage(models.Model):
    checkin = models.ForeignKey(
        CheckIn, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    body_html = models.TextField()
    # Words a moderator should look at (watched words of the flag or at-risk kind).
    flagged_words = models.CharField(max_length=300, blank=True)
    # The form's one-time key: a double submit stores one message.
    idempotency_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The member reported this message; another moderator than the opener reviews it.
    reported_at = models.DateTimeField(null=True, blank=True)
    report_note = models.TextField(blank=True)
    report_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["checkin", "author", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="one_checkin_message_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"check-in message {self.pk}"
