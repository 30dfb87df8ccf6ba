from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from core.choices import ContentWarning

POSTS_PER_PAGE = 20


class CategoryVisibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(default=0)
    visibility = models.CharField(
        max_length=10,
        choices=CategoryVisibility.choices,
        default=CategoryVisibility.PUBLIC,
    )
    is_pre_moderated = models.BooleanField(_("pre-moderated"), default=False)
    # Kept by another app for the threads of its records (a write-up's discussion, a
    # statement's paragraphs): not listed with the others, and its threads are opened
    # by that app, never by a member (forum.services.thread_create_for_app).
    is_app_owned = models.BooleanField(default=False, editable=False)
    # Denormalised so that list pages cost a fixed number of queries.
    thread_count = models.PositiveIntegerField(default=0)
    post_count = models.PositiveIntegerField(default=0)
    last_post_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:category", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.visibility == CategoryVisibility.PUBLIC


class ThreadMode(models.TextChoices):
    OPEN = "open", _("Open discussion")
    ADVICE = "advice", _("Seeking advice")
    LISTENING = "listening", _("Just listening (reactions only, no replies)")


class Thread(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="threads"
    )
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(max_length=160, allow_unicode=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="threads",
    )
    mode = models.CharField(
        _("mode"), max_length=10, choices=ThreadMode.choices, default=ThreadMode.OPEN
    )
    content_warning = models.CharField(
        _("content warning"), max_length=10, choices=ContentWarning.choices, blank=True
    )
    is_pinned = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    # Moderators may set slow mode: one reply per member per N minutes (0 = off).
    slow_mode_minutes = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Counters allocated under a row lock on the thread (see forum.services).
    post_count = models.PositiveIntegerField(default=0)
    last_post_number = models.PositiveIntegerField(default=0)
    last_event_seq = models.PositiveBigIntegerField(default=0)

    tags = TaggableManager(blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["category", "-is_pinned", "-last_post_at"],
                name="thread_listing",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:thread", kwargs={"pk": self.pk, "slug": self.slug or "-"})

    @property
    def reply_count(self) -> int:
        return max(self.post_count - 1, 0)

    @property
    def accepts_replies(self) -> bool:
        return not self.is_locked and self.mode != ThreadMode.LISTENING

    @staticmethod
    def slug_for(title: str) -> str:
        return slugify(title, allow_unicode=True)[:150] or "thread"


class PostStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Waiting for approval")
    HIDDEN = "hidden", _("Hidden by a moderator")
    REJECTED = "rejected", _("Rejected")
    DELETED = "deleted", _("Deleted")


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    body = models.TextField()
    # Rendered and sanitised once, at save (SPEC §7); the only HTML ever shown.
    body_html = models.TextField()
    # What the post is written in (core.languages); the page marks it with lang=.
    language = models.CharField(
        _("language"), max_length=10, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        max_length=10, choices=PostStatus.choices, default=PostStatus.PUBLISHED
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True)
    # {"support": 3, "thanks": 1}: kept with the post so a page needs no aggregate query.
    reaction_counts = models.JSONField(default=dict, blank=True)
    # The author chose to hide their name on their past posts ("a member" is shown);
    # the post stays theirs to edit and export.
    is_anonymous = models.BooleanField(default=False)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["thread", "number"], name="post_number_per_thread"
            ),
            # A key identifies one submitted form: one reply per thread, and one
            # started thread (its first post) per author.
            models.UniqueConstraint(
                fields=["author", "thread", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="post_idempotency_per_thread",
            ),
            models.UniqueConstraint(
                fields=["author", "idempotency_key"],
                condition=~models.Q(idempotency_key="") & models.Q(number=1),
                name="thread_idempotency_per_author",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number} in {self.thread_id}"

    def get_absolute_url(self) -> str:
        return reverse("forum:post", kwargs={"pk": self.pk})

    @property
    def page_number(self) -> int:
        return (self.number - 1) // POSTS_PER_PAGE + 1

    @property
    def is_published(self) -> bool:
        return self.status == PostStatus.PUBLISHED


class PostRevision(models.Model):
    """The text a post had before an edit (SPEC §3: revisions kept)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    body = models.TextField()
    body_html = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "version"], name="one_revision_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.post_id} v{self.version}"


class ReactionKind(models.TextChoices):
    SUPPORT = "support", _("Support")
    THANKS = "thanks", _("Thanks")
    ME_TOO = "me_too", _("Me too")


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=10, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user", "kind"], name="one_reaction_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.post_id}"


class ReadState(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_states"
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="read_states"
    )
    last_read_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "thread"], name="one_read_state_per_thread"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id} to {self.last_read_number}"


class ThreadEvent(models.Model):
    """A change to a thread, stored with its per-thread seq in the change's transaction (SPEC §5)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=30)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["thread", "seq"], name="event_seq_per_thread"
            )
        ]

    def __str__(self) -> str:
        return f"{self.thread_id}#{self.seq} {self.kind}"


FOLLOW_TARGETS = ("thread", "category", "tag", "organisation")


def _exactly_one_of(fields: tuple[str, ...]) -> models.Q:
    condition = models.Q()
    for field in fields:
        condition |= models.Q(**{f"{name}__isnull": name != field for name in fields})
    return condition


class FollowLevel(models.TextChoices):
    WATCHING = "watching", _("Watching")
    NORMAL = "normal", _("Normal")
    MUTED = "muted", _("Muted")


class NotificationOutbox(models.Model):
    """A published post whose notifications are still to be made.

    Written in the post's own transaction when the notification relay makes them
    (settings.POST_NOTIFICATIONS_IN_WORKER), so that none is lost and none is made for a
    post that was rolled back; `manage.py notification_relay` makes them in batches and
    deletes the rows (forum.services.notify.post_notifications_relay)."""

    post = models.OneToOneField(
        Post, on_delete=models.CASCADE, related_name="notification_outbox"
    )
    # The members the post mentions, as its text was rendered (ids only).
    mentioned_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"notifications of post {self.post_id}"


class Follow(models.Model):
    """A member's level for one thread, category, tag or organisation's write-ups.

    Watching a thread: a notification for every reply. Watching a category, tag or
    organisation: one for every new thread (or write-up). Muted (threads only): no
    notifications at all, and the thread leaves the member's "latest" lists. Normal on a
    thread is kept (its starter chose not to hear of replies); elsewhere no row is
    normal."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    level = models.CharField(max_length=10, choices=FollowLevel.choices)
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    tag = models.ForeignKey(
        "taggit.Tag",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_of(FOLLOW_TARGETS),
                name="follow_has_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                name="one_follow_per_thread",
                condition=models.Q(thread__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                name="one_follow_per_category",
                condition=models.Q(category__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "tag"],
                name="one_follow_per_tag",
                condition=models.Q(tag__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="one_follow_per_organisation",
                condition=models.Q(organisation__isnull=False),
            ),
            models.CheckConstraint(
                condition=models.Q(thread__isnull=False) | ~models.Q(level="muted"),
                name="only_threads_are_muted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.level}"


class SearchKind(models.TextChoices):
    THREAD = "thread", _("Threads")
    POST = "post", _("Replies")
    PRACTICE = "practice", _("Write-ups")
    EXPERIENCE = "experience", _("Implementation experiences")


class SearchEntry(models.Model):
    """One searchable text: a post (a thread's first post carries its title), or a
    write-up. Written only by forum.services.search, in the transaction of the write it
    follows; who may see an entry is decided when searching, from its post's current
    status and category (forum.search.selectors)."""

    kind = models.CharField(max_length=10, choices=SearchKind.choices)
    post = models.OneToOneField(
        Post,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    thread = models.ForeignKey(
        Thread,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_entries",
    )
    # The record of another app an entry stands for (a write-up's pk), when not a post.
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    # "|tag|other|": a tag filter is one LIKE, whichever app the tags belong to.
    tags = models.CharField(max_length=1000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    language = models.CharField(max_length=10, blank=True)
    # PostgreSQL text-search configuration the vector was built with (forum.search).
    config = models.CharField(max_length=20, default="simple")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # PostgreSQL only: weighted tsvector (title A, body D) behind a GIN index made by
    # the migration. SQLite keeps its FTS5 table instead and leaves this empty.
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"],
                condition=models.Q(object_id__isnull=False),
                name="search_entry_per_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.post_id or self.object_id}"
