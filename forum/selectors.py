"""Every non-trivial forum read, filtered by the viewer. Visibility checks live here."""

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import reduce

from django.db.models import (
    Count,
    Exists,
    F,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils.translation import gettext as _
from taggit.models import Tag, TaggedItem

from accounts.models import User
from accounts.permissions import can_moderate, can_post, is_member
from accounts.services.blocks import block_sides_for, blocked_ids_for, is_staff_side
from core.errors import NotFound
from forum.models import (
    POSTS_PER_PAGE,
    Category,
    CategoryVisibility,
    Follow,
    FollowLevel,
    Post,
    PostRevision,
    PostStatus,
    Reaction,
    ReactionKind,
    ReadState,
    Thread,
    ThreadMode,
)

THREADS_PER_PAGE = 25
# A live-inserted post is a clone of a prototype post rendered by the page; the script
# swaps these placeholders for the real post's id and number.
PROTOTYPE_POST_ID = 2**53 - 1
PROTOTYPE_POST_NUMBER = 2**53 - 2
PROTOTYPE_AUTHOR = "author"
# The script sets each live post's own times; a fixed one keeps the rendered prototype
# the same from request to request, so that it is served from the fragment cache.
PROTOTYPE_TIME = datetime(2000, 1, 1, tzinfo=UTC)
REACTION_EMOJI = {
    ReactionKind.SUPPORT: "❤",
    ReactionKind.THANKS: "🙏",
    ReactionKind.ME_TOO: "✋",
}


def _tagged(model: type[Model], ids: list[int] | QuerySet) -> Q:
    """Tagged items of these objects of `model`, joined to their content type by name so
    the query count does not depend on ContentType's per-process cache being warm."""
    return Q(
        content_type__app_label=model._meta.app_label,
        content_type__model=model._meta.model_name,
        object_id__in=ids,
    )


def with_tag_names(threads: list[Thread]) -> list[Thread]:
    """Set `tag_names` on each thread with one query (taggit's own prefetch builds a
    queryset per thread, which costs more than the SQL)."""
    names: dict[int, list[str]] = {thread.pk: [] for thread in threads}
    if names:
        rows = (
            TaggedItem.objects.filter(_tagged(Thread, list(names)))
            .order_by("tag__name")
            .values_list("object_id", "tag__name")
        )
        for object_id, name in rows:
            names[object_id].append(name)
    for thread in threads:
        thread.tag_names = names[thread.pk]
    return threads


def category_visible_to(category: Category, viewer: User | None) -> bool:
    """Members-only categories are invisible to anyone who is not a signed-in member."""
    return category.visibility == CategoryVisibility.PUBLIC or is_member(viewer)


def thread_visible_to(thread: Thread, viewer: User | None) -> bool:
    """The category is visible, and the thread has a published post (or the viewer wrote it
    or moderates). A thread whose first post waits for approval is not listed to others."""
    if not category_visible_to(thread.category, viewer):
        return False
    if thread.post_count > 0:
        return True
    return can_moderate(viewer) or (is_member(viewer) and thread.author_id == viewer.pk)


def post_visible_to(post: Post, viewer: User | None) -> bool:
    """Published posts in a visible thread; the author also sees their pending post;
    moderators see everything."""
    if not thread_visible_to(post.thread, viewer):
        return False
    if post.status == PostStatus.PUBLISHED or can_moderate(viewer):
        return True
    return (
        post.status == PostStatus.PENDING
        and is_member(viewer)
        and post.author_id == viewer.pk
    )


def notification_recipients(
    *, actor: User | None, thread: Thread, candidates: Iterable[User]
) -> list[User]:
    """The candidates who may be told about published content in `thread` by `actor`.

    `thread` needs its category loaded. Each rule is one step, so that another (such as
    "either has blocked the other") is one more line here.
    """
    candidates = {user.pk: user for user in candidates if is_member(user)}
    if actor is not None:
        candidates.pop(actor.pk, None)  # never for one's own actions
    # Content the member may not see: a members-only category, a pending thread.
    allowed = [
        user
        for user in candidates.values()
        if user.erased_at is None and thread_visible_to(thread, user)
    ]
    # A muted thread gives its member no notifications at all.
    muted = set(
        Follow.objects.filter(
            thread=thread, level=FollowLevel.MUTED, user__in=[u.pk for u in allowed]
        ).values_list("user_id", flat=True)
    )
    # Members who blocked `actor`, or whom `actor` blocked (SPEC §3: a block never
    # holds back a moderator, which blocked_ids_for already knows).
    blocked = blocked_ids_for(actor) if actor is not None else set()
    return [user for user in allowed if user.pk not in muted | blocked]


def post_visibility_q(viewer: User | None, *, through: str = "") -> Q:
    """post_visible_to() as a query filter, over posts or over rows that point to one
    (`through="post__"`): the same rules, so a search shows what the pages show."""

    def q(**lookups) -> Q:
        return Q(**{f"{through}{name}": value for name, value in lookups.items()})

    if can_moderate(viewer):
        return ~q(status=PostStatus.DELETED)
    if not is_member(viewer):
        return q(status=PostStatus.PUBLISHED) & q(
            thread__category__visibility=CategoryVisibility.PUBLIC
        )
    return q(status=PostStatus.PUBLISHED) | q(status=PostStatus.PENDING, author=viewer)


def thread_visibility_q(viewer: User | None, *, through: str = "") -> Q:
    """thread_visible_to() as a query filter, over threads or over rows that point to
    one (`through="thread__"`)."""

    def q(**lookups) -> Q:
        return Q(**{f"{through}{name}": value for name, value in lookups.items()})

    if can_moderate(viewer):
        return Q()
    if not is_member(viewer):
        return q(post_count__gt=0) & q(category__visibility=CategoryVisibility.PUBLIC)
    return q(post_count__gt=0) | q(author=viewer)


def notified_posts(viewer: User | None) -> QuerySet[Post]:
    """The posts a notification may still send `viewer` to: published, and visible to
    them. Hidden, deleted, rejected and held posts are left out even for moderators:
    the notification told of a published post."""
    return Post.objects.filter(
        post_visibility_q(viewer),
        thread_visibility_q(viewer, through="thread__"),
        status=PostStatus.PUBLISHED,
    )


def notified_threads(viewer: User | None) -> QuerySet[Thread]:
    """The threads a notification that names no post may still send `viewer` to."""
    return Thread.objects.filter(thread_visibility_q(viewer))


def categories_visible(*, viewer: User | None) -> QuerySet[Category]:
    """The categories listed to `viewer`; app-owned ones are reached from their app."""
    categories = Category.objects.filter(is_app_owned=False)
    if not is_member(viewer):
        categories = categories.filter(visibility=CategoryVisibility.PUBLIC)
    return categories


def category_get(*, slug: str, viewer: User | None) -> Category:
    """The category, or 404 when it does not exist or is not visible (no hint which)."""
    category = Category.objects.filter(slug=slug).first()
    if category is None or not category_visible_to(category, viewer):
        raise NotFound(_("No such category."))
    return category


def _listed_threads(*, with_category: bool = True) -> QuerySet[Thread]:
    """Threads a list may show: at least one published post, with what a row displays.

    A row shows its last poster's name only, so the name is read in the same query
    (`last_poster_name`) instead of building a whole user per row."""
    threads = Thread.objects.filter(post_count__gt=0).annotate(
        last_poster_name=F("last_poster__username")
    )
    if with_category:
        threads = threads.select_related("category")
    return threads


def with_read_state(threads: list[Thread], viewer: User | None) -> list[Thread]:
    """For a member, set `last_read_number` (-1: never opened) and `unread_count` (the
    published posts after the last one read) on each listed thread.

    Two plain queries at most, whatever the page's size: the member's read states of
    these threads, then one count over the threads with posts after the last one read
    (by the index on (thread, number)). A thread never opened is "new" and a thread read
    to its end has nothing unread: neither is counted."""
    if not is_member(viewer) or not threads:
        return threads
    read = dict(
        ReadState.objects.filter(
            user=viewer, thread_id__in=[thread.pk for thread in threads]
        ).values_list("thread_id", "last_read_number")
    )
    behind = [
        Q(thread_id=thread.pk, number__gt=read[thread.pk])
        for thread in threads
        if thread.pk in read and read[thread.pk] < thread.last_post_number
    ]
    unread = {}
    if behind:
        unread = dict(
            Post.objects.filter(
                reduce(operator.or_, behind), status=PostStatus.PUBLISHED
            )
            .order_by()
            .values("thread_id")
            .annotate(count=Count("pk"))
            .values_list("thread_id", "count")
        )
    for thread in threads:
        thread.last_read_number = read.get(thread.pk, -1)
        thread.unread_count = unread.get(thread.pk, 0)
    return threads


@dataclass
class ThreadList:
    threads: list[Thread]
    page: int
    page_count: int

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.page_count


def category_threads(
    *, category: Category, viewer: User | None, page: int = 1, language: str = ""
) -> ThreadList:
    """One page of a category: pinned first, then newest activity. With a `language`,
    only threads whose first post is written in it (one COUNT more)."""
    threads = _listed_threads(with_category=False).filter(category=category)
    if language:
        threads = threads.filter(
            Exists(
                Post.objects.filter(thread=OuterRef("pk"), number=1, language=language)
            )
        )
        thread_count = threads.count()
    else:
        thread_count = category.thread_count
    page_count = max((thread_count - 1) // THREADS_PER_PAGE + 1, 1)
    page = min(max(page, 1), page_count)
    offset = (page - 1) * THREADS_PER_PAGE
    threads = with_tag_names(
        list(
            threads.order_by("-is_pinned", "-last_post_at", "-pk")[
                offset : offset + THREADS_PER_PAGE
            ]
        )
    )
    for thread in threads:
        # Every row is in this category: no join, no category built per row.
        thread.category = category
    with_read_state(threads, viewer)
    return ThreadList(threads=threads, page=page, page_count=page_count)


def threads_latest(*, viewer: User | None, limit: int = 10) -> list[Thread]:
    """The most recently active threads in categories the viewer may read, without the
    threads the viewer muted."""
    threads = _listed_threads()
    if not is_member(viewer):
        threads = threads.filter(category__visibility=CategoryVisibility.PUBLIC)
    else:
        threads = threads.exclude(
            pk__in=Follow.objects.filter(
                user=viewer, level=FollowLevel.MUTED, thread__isnull=False
            ).values("thread_id")
        )
    return with_read_state(
        with_tag_names(list(threads.order_by("-last_post_at", "-pk")[:limit])), viewer
    )


def threads_tagged(*, tag: str, viewer: User | None, page: int = 1) -> ThreadList:
    """Threads with a tag, newest activity first, in categories the viewer may read."""
    threads = _listed_threads().filter(tags__name=tag)
    if not is_member(viewer):
        threads = threads.filter(category__visibility=CategoryVisibility.PUBLIC)
    total = threads.count()
    page_count = max((total - 1) // THREADS_PER_PAGE + 1, 1)
    page = min(max(page, 1), page_count)
    offset = (page - 1) * THREADS_PER_PAGE
    rows = with_tag_names(
        list(
            threads.order_by("-last_post_at", "-pk")[offset : offset + THREADS_PER_PAGE]
        )
    )
    with_read_state(rows, viewer)
    return ThreadList(threads=rows, page=page, page_count=page_count)


def thread_get(*, pk: int, viewer: User | None) -> Thread:
    """The thread with its tag names; NotFound when it does not exist or is not visible
    (no hint which)."""
    thread = Thread.objects.select_related("category").filter(pk=pk).first()
    if thread is None or not thread_visible_to(thread, viewer):
        raise NotFound(_("No such thread."))
    return with_tag_names([thread])[0]


def thread_for_socket(*, pk: int) -> Thread:
    """The thread a socket asks for, visible or not: the live protocol tells a missing
    thread (4404) from a forbidden one (4403), so the caller checks access itself."""
    thread = Thread.objects.select_related("category").filter(pk=pk).first()
    if thread is None:
        raise NotFound(_("No such thread."))
    return thread


def post_get(*, pk: int, viewer: User | None) -> Post:
    """The post, or 404 when it does not exist or is not visible (no hint which)."""
    post = (
        Post.objects.select_related("thread__category", "author").filter(pk=pk).first()
    )
    if post is None or not post_visible_to(post, viewer):
        raise NotFound(_("No such post."))
    return post


def page_count_for(thread: Thread) -> int:
    return max((thread.last_post_number - 1) // POSTS_PER_PAGE + 1, 1)


def _visible_posts(thread: Thread, viewer: User | None) -> QuerySet[Post]:
    posts = Post.objects.filter(thread=thread)
    if can_moderate(viewer):
        return posts.exclude(status=PostStatus.DELETED)
    shown = Q(status=PostStatus.PUBLISHED)
    if is_member(viewer):
        shown |= Q(status=PostStatus.PENDING, author=viewer)
    return posts.filter(shown)


def thread_page(*, thread: Thread, viewer: User | None, page: int) -> list[Post]:
    """Posts numbered ((page-1)*20, page*20]: an index range, so every page costs the same.

    Each post gets `viewer_reactions` (the kinds this viewer gave it) and `blocked`
    (a block between viewer and author: "mine" when the viewer made it, "theirs" when
    the author did, else ""), one query each."""
    first = (page - 1) * POSTS_PER_PAGE + 1
    last = page * POSTS_PER_PAGE
    posts = list(
        _visible_posts(thread, viewer)
        .filter(number__gte=first, number__lte=last)
        .select_related("author")
        .order_by("number")
    )
    given: dict[int, set[str]] = {}
    if is_member(viewer) and posts:
        for post_id, kind in Reaction.objects.filter(
            user=viewer, post__in=[post.pk for post in posts]
        ).values_list("post_id", "kind"):
            given.setdefault(post_id, set()).add(kind)
    blocks = block_sides_for(viewer, remember=True) if posts else {}
    for post in posts:
        post.viewer_reactions = given.get(post.pk, set())
        post.blocked = blocks[post.author_id][0] if post.author_id in blocks else ""
    return posts


def _reaction_rows(post: Post) -> list[dict]:
    given = getattr(post, "viewer_reactions", set())
    counts = post.reaction_counts or {}
    return [
        {
            "kind": kind,
            "label": label,
            "emoji": REACTION_EMOJI[kind],
            "count": counts.get(kind, 0),
            "given": kind in given,
        }
        for kind, label in ReactionKind.choices
    ]


def posts_for_viewer(
    posts: list[Post], *, thread: Thread, viewer: User | None
) -> list[Post]:
    """Set the per-viewer flags templates/forum/partials/_post.html reads; no queries.

    `reaction_rows` (one per reaction kind: count, and whether this viewer gave it, from
    `viewer_reactions` as thread_page sets it), `is_own`, `can_react`, `can_flag`,
    `content_warning` (on the thread's first post), `warning_open` (the viewer's
    preference) and `can_block`; `blocked` as thread_page sets it (else ""). Every page that renders posts with that partial calls this first.
    """
    member = is_member(viewer)
    signed_in = viewer is not None and viewer.is_authenticated
    preferences = (viewer.content_warning_preferences or {}) if member else {}
    can_block = member and not is_staff_side(viewer)
    for post in posts:
        post.blocked = getattr(post, "blocked", "")
        # Moderators and staff neither block nor are blocked (SPEC §3).
        post.can_block = (
            can_block
            and post.author_id is not None
            and post.author_id != viewer.pk
            and not post.blocked
            and not is_staff_side(post.author)
        )
        post.reaction_rows = _reaction_rows(post)
        post.is_own = member and post.author_id == viewer.pk
        post.can_react = (
            can_post(viewer) and not post.is_own and post.status == PostStatus.PUBLISHED
        )
        post.can_flag = signed_in and not post.is_own
        post.content_warning = (
            thread.get_content_warning_display()
            if thread.content_warning and post.number == 1
            else ""
        )
        post.warning_open = preferences.get(thread.content_warning) == "show"
    return posts


def post_prototypes(*, thread: Thread, viewer: User | None) -> dict[str, Post]:
    """Unsaved posts, decorated for this viewer, from which the page's script builds the
    posts that arrive live: "other" (someone else's reply) and, for a signed-in member,
    "own". They are edited and have every reaction, so that the markup holds every
    optional control; the script removes what a given post does not need. In a thread
    with a content warning, "other-first" and "own-first" are the same for its first
    post, inside the warning as this viewer sees it.
    """
    authors = {"other": User(username=PROTOTYPE_AUTHOR)}
    if is_member(viewer):
        authors["own"] = viewer
    if thread.content_warning:
        authors.update({f"{kind}-first": author for kind, author in authors.items()})
    prototypes = {}
    for kind, author in authors.items():
        post = Post(
            pk=PROTOTYPE_POST_ID,
            thread=thread,
            number=PROTOTYPE_POST_NUMBER,
            author=author,
            status=PostStatus.PUBLISHED,
            created_at=PROTOTYPE_TIME,
            edited_at=PROTOTYPE_TIME,
            reaction_counts=dict.fromkeys(ReactionKind.values, 1),
        )
        post.viewer_reactions = set()
        prototypes[kind] = post
    posts_for_viewer(list(prototypes.values()), thread=thread, viewer=viewer)
    member_may_block = is_member(viewer) and not is_staff_side(viewer)
    for kind, post in prototypes.items():
        # Someone else's live post offers "Block" as a reload does; the script points
        # it at the real author (or removes it for a deleted or hidden name).
        if kind.startswith("other"):
            post.can_block = member_may_block
        # Numbered as a placeholder like the others, but marked as the first post.
        if kind.endswith("-first"):
            post.content_warning = thread.get_content_warning_display()
    return prototypes


def reply_refusal(thread: Thread, by: User | None) -> str:
    """Why `by` may not reply to `thread` ("" when they may). Templates mirror this."""
    if thread.post_count == 0:
        # Nothing in it is published: a reply, even a moderator's, would list the
        # thread and show its title before its opening post is approved.
        return _(
            "This thread is not published yet: replies open once a moderator "
            "approves its first post."
        )
    if thread.is_locked and not can_moderate(by):
        return _("This thread is locked: it takes no new replies.")
    if (
        thread.mode == ThreadMode.LISTENING
        and not (is_member(by) and thread.author_id == by.pk)
        and not can_moderate(by)
    ):
        return _(
            "The author asked for “just listening”: you can react to posts, "
            "but not reply."
        )
    return ""


def blocked_authors(*, viewer: User | None) -> dict[str, str]:
    """The usernames the page's script collapses when their posts arrive live, as
    space-separated lists (a username has no spaces): "mine", those the viewer blocked,
    and "theirs", those who blocked the viewer. One render of a live post serves every
    subscriber; each page carries its own viewer's lists."""
    names: dict[str, list[str]] = {"mine": [], "theirs": []}
    for side, username in block_sides_for(viewer, remember=True).values():
        names[side].append(username)
    return {side: " ".join(sorted(usernames)) for side, usernames in names.items()}


@dataclass
class Discussion:
    """A thread's last page as another app's page shows it, with the thread page's
    hooks for live posts: the template names each field."""

    thread: Thread
    posts: list[Post]
    page: int
    can_moderate: bool
    accepts_replies: bool
    reply_refusal: str
    post_prototypes: dict[str, Post]
    blocked_authors: dict[str, str]


def thread_discussion(
    *, thread: Thread | None, viewer: User | None
) -> Discussion | None:
    """The live discussion of an object that has a thread (a write-up's), or None when
    there is none or the viewer may not read it."""
    if thread is None or not thread_visible_to(thread, viewer):
        return None
    page = page_count_for(thread)
    posts = thread_page(thread=thread, viewer=viewer, page=page)
    posts_for_viewer(posts, thread=thread, viewer=viewer)
    refusal = reply_refusal(thread, viewer)
    return Discussion(
        thread=thread,
        posts=posts,
        page=page,
        can_moderate=can_moderate(viewer),
        accepts_replies=can_post(viewer) and not refusal,
        reply_refusal=refusal,
        post_prototypes=post_prototypes(thread=thread, viewer=viewer),
        blocked_authors=blocked_authors(viewer=viewer),
    )


def first_unread_post(*, thread: Thread, viewer: User | None) -> Post | None:
    """The first visible post after the viewer's last read one (None: nothing unread or
    never opened)."""
    if not is_member(viewer):
        return None
    last_read = (
        ReadState.objects.filter(user=viewer, thread=thread)
        .values_list("last_read_number", flat=True)
        .first()
    )
    if last_read is None:
        return None
    return (
        _visible_posts(thread, viewer)
        .filter(number__gt=last_read)
        .order_by("number")
        .only("pk", "number", "thread_id")
        .first()
    )


def last_read_post(*, thread: Thread, viewer: User | None) -> Post | None:
    """The last visible post the viewer has read (None: anonymous or never opened)."""
    if not is_member(viewer):
        return None
    last_read = ReadState.objects.filter(user=viewer, thread=thread).values(
        "last_read_number"
    )
    return (
        _visible_posts(thread, viewer)
        .filter(number__lte=Subquery(last_read[:1]))
        .order_by("-number")
        .only("pk", "number", "thread_id")
        .first()
    )


def post_revisions(*, post: Post) -> list[PostRevision]:
    return list(post.revisions.select_related("edited_by").order_by("-version"))


# Apps above the forum whose objects share the threads' tags (exchange's write-ups)
# register what anyone may read of them, so that their tags are suggested as well.
_tag_sources: dict[str, Callable[[], QuerySet]] = {}


def tag_source_register(readable: Callable[[], QuerySet]) -> None:
    """Count the tags of `readable()`, objects anyone may read, in tag suggestions."""
    model = readable().model
    _tag_sources[model._meta.label] = readable


def _threads_anyone_reads() -> QuerySet[Thread]:
    return Thread.objects.filter(
        post_count__gt=0, category__visibility=CategoryVisibility.PUBLIC
    )


def tags_suggested(*, limit: int = 200) -> list[str]:
    """Tag names for the <datalist>, most used first, counting only what anyone may
    read: threads with a published post in public categories, and what each registered
    source gives. Tags of held, rejected or members-only threads are not suggested."""
    readable = Q()
    for source in [_threads_anyone_reads, *_tag_sources.values()]:
        objects = source()
        readable |= _tagged(objects.model, objects.values("pk"))
    return list(
        TaggedItem.objects.filter(readable)
        .values("tag__name")
        .annotate(uses=Count("pk"))
        .order_by("-uses", "tag__name")
        .values_list("tag__name", flat=True)[:limit]
    )


@dataclass
class FollowControl:
    """The follow form of one page: the viewer's level and the levels they may choose."""

    level: str
    choices: list[tuple[str, str]]

    @property
    def label(self) -> str:
        return dict(self.choices)[self.level]


def follow_control(*, viewer: User | None, **target: Model) -> FollowControl | None:
    """The follow form for a member (None for anyone else); threads may be muted."""
    if not is_member(viewer):
        return None
    choices = [
        choice
        for choice in FollowLevel.choices
        if "thread" in target or choice[0] != FollowLevel.MUTED
    ]
    return FollowControl(level=follow_level(viewer=viewer, **target), choices=choices)


def follow_level(*, viewer: User | None, **target: Model) -> str:
    """The viewer's level for one thread, category, tag or organisation ("normal" when
    they chose none, or are not signed in). Pass exactly one of thread=, category=,
    tag=, organisation=."""
    if not is_member(viewer):
        return FollowLevel.NORMAL
    level = (
        Follow.objects.filter(user=viewer, **target)
        .values_list("level", flat=True)
        .first()
    )
    return level or FollowLevel.NORMAL


def tag_get(*, name: str) -> Tag:
    """The tag by its name; NotFound when no such tag exists."""
    tag = Tag.objects.filter(name=name).first()
    if tag is None:
        raise NotFound(_("No such tag."))
    return tag
