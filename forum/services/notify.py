"""Who is told about a post, and following: watching, normal and muted.

Every forum notification goes through `forum.selectors.notification_recipients()`, the
one place that decides who may hear about content: never the actor, never someone who
may not see it, never someone who muted the thread.
"""

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django_tasks import task
from taggit.models import Tag

from accounts.models import Notification, Organisation, User
from accounts.notification_kinds import POST_KIND_PRIORITY
from accounts.notification_texts import Content
from accounts.permissions import is_member
from accounts.services import (
    notification_batch_add,
    notification_batch_undo,
    notification_counts_merged,
    notification_send,
    notifications_send_many,
)
from accounts.services.blocks import blocked_ids_for, blocks_read_once
from forum.models import (
    Category,
    Follow,
    FollowLevel,
    NotificationOutbox,
    Post,
    PostStatus,
    Reaction,
    Thread,
)
from forum.selectors import (
    category_visible_to,
    notification_recipients,
    notified_posts,
    notified_threads,
    thread_visible_to,
)

logger = logging.getLogger(__name__)

# A quote as the quote button writes it: "> [name wrote (#n):](/p/<id>/)".
_QUOTED_POST = re.compile(r"^> \[[^\]\n]*\]\(/p/(?P<id>\d+)/\)", re.MULTILINE)
# A post that concerns more members than this is turned into notifications by a task
# after commit, so that a reply in a busy thread costs its author no more than any other.
INLINE_RECIPIENTS = 50
# Posts the notification relay takes from the outbox at a time.
RELAY_BATCH = 100

# Higher apps name members a post concerns beyond the forum's own (exchange: the
# editors of the organisation whose write-up the thread discusses), as {user id: kind}.
PostAudience = Callable[[Post], dict[int, str]]
_audiences: list[PostAudience] = []


def post_audience_register(audience: PostAudience) -> None:
    _audiences.append(audience)


def _quoted_authors(post: Post) -> set[int]:
    ids = {int(match["id"]) for match in _QUOTED_POST.finditer(post.body)}
    if not ids:
        return set()
    return set(
        Post.objects.filter(pk__in=ids, thread=post.thread, author__isnull=False)
        .exclude(author=post.author)
        .values_list("author_id", flat=True)
    )


def _first_post_watchers(thread: Thread) -> set[int]:
    """Members watching the category or one of the tags of a new thread."""
    tags = Tag.objects.filter(
        taggit_taggeditem_items__object_id=thread.pk,
        taggit_taggeditem_items__content_type__model="thread",
        taggit_taggeditem_items__content_type__app_label="forum",
    )
    return set(
        Follow.objects.filter(level=FollowLevel.WATCHING)
        .filter(Q(category_id=thread.category_id) | Q(tag__in=tags))
        .values_list("user_id", flat=True)
    )


def post_published_notify(post: Post, *, mentioned: list[User]) -> None:
    """Tell everyone a newly published post concerns, once each, with the closest kind:
    a mention, a quote, a reply on a write-up of their organisation, a reply in a thread
    they started or watch, a new thread in a category or tag they watch.

    With settings.POST_NOTIFICATIONS_IN_WORKER the post only joins the outbox, and
    `manage.py notification_relay` tells them; otherwise they are told here, or by
    `post_notify_task` when the post concerns many members. Telling again adds
    nothing."""
    mentioned_ids = [user.pk for user in mentioned]
    if settings.POST_NOTIFICATIONS_IN_WORKER:
        # In the post's own transaction: committed with it or not at all. A post
        # already waiting (published again before the relay came) waits once.
        NotificationOutbox.objects.bulk_create(
            [NotificationOutbox(post=post, mentioned_ids=mentioned_ids)],
            ignore_conflicts=True,
        )
        return
    kinds = _post_audience(post, mentioned_ids)
    if len(kinds) > INLINE_RECIPIENTS:
        post_notify_task.enqueue(post_id=post.pk, mentioned_ids=mentioned_ids)
        return
    _post_fan_out(post, kinds)


@task()
def post_notify_task(*, post_id: int, mentioned_ids: list[int]) -> int:
    """Tell the members a published post concerns (a post that concerns many)."""
    post = (
        Post.objects.select_related("thread__category", "author")
        .filter(pk=post_id, status=PostStatus.PUBLISHED)
        .first()
    )
    if post is None:
        return 0
    with transaction.atomic():
        return _post_fan_out(post, _post_audience(post, mentioned_ids))


def post_notifications_relay(*, limit: int = RELAY_BATCH) -> int:
    """Make the notifications of the oldest `limit` posts in the outbox, and take them
    out of it; returns how many posts were taken.

    Who hears of each post is read first; the rows are then written in one transaction,
    so that on SQLite the relay holds the write lock for the writes (and a last look at
    which posts are still published), not for every post's reads. A post hidden or left
    without an author since it was queued tells no one. A database error rolls the
    whole batch back, to be tried again; any other error gives up that post alone, so
    that one post can never hold up the others."""
    queued = list(
        NotificationOutbox.objects.select_related(
            "post__thread__category", "post__author"
        ).order_by("pk")[:limit]
    )
    if not queued:
        return 0
    # Each author's blocks are read once for the batch, which is one write.
    with blocks_read_once():
        plans = []
        for item in queued:
            post = item.post
            if post.status == PostStatus.PUBLISHED and post.author_id is not None:
                with _giving_up_on(post):
                    plans.append((post, _post_recipients(post, item.mentioned_ids)))
        with transaction.atomic(), notification_counts_merged():
            still_published = set(
                Post.objects.filter(
                    pk__in=[post.pk for post, _kinds in plans],
                    status=PostStatus.PUBLISHED,
                ).values_list("pk", flat=True)
            )
            for post, kinds in plans:
                if post.pk in still_published:
                    with _giving_up_on(post), transaction.atomic():
                        _post_notifications_send(post, kinds)
            NotificationOutbox.objects.filter(
                pk__in=[item.pk for item in queued]
            ).delete()
    return len(queued)


@contextmanager
def _giving_up_on(post: Post) -> Iterator[None]:
    try:
        yield
    except DatabaseError:
        raise
    except Exception:
        logger.exception("notifications of post %s given up", post.pk)


def _post_audience(post: Post, mentioned_ids: list[int]) -> dict[int, str]:
    """Every member the post may concern, by id, with the closest kind for each."""
    thread = post.thread
    kinds: dict[int, str] = {}

    def offer(user_ids: Iterable[int], kind: str) -> None:
        for user_id in user_ids:
            current = kinds.get(user_id)
            if current is None or POST_KIND_PRIORITY.index(
                kind
            ) < POST_KIND_PRIORITY.index(current):
                kinds[user_id] = kind

    if post.number == 1:
        offer(_first_post_watchers(thread), "watch.thread")
    else:
        follows = dict(
            Follow.objects.filter(thread=thread).values_list("user_id", "level")
        )
        watchers = [uid for uid, level in follows.items() if level == "watching"]
        # The starter hears of replies unless they chose "normal" (or muted).
        if thread.author_id and thread.author_id not in follows:
            watchers.append(thread.author_id)
        offer(watchers, "post.reply")
    for audience in _audiences:
        for user_id, kind in audience(post).items():
            offer([user_id], kind)
    offer(_quoted_authors(post), "post.quote")
    offer(mentioned_ids, "mention")
    return kinds


def _post_fan_out(post: Post, kinds: dict[int, str]) -> int:
    return _post_notifications_send(post, _recipient_kinds(post, kinds))


def _post_recipients(post: Post, mentioned_ids: list[int]) -> dict[User, str]:
    return _recipient_kinds(post, _post_audience(post, mentioned_ids))


def _recipient_kinds(post: Post, kinds: dict[int, str]) -> dict[User, str]:
    """The members of `kinds` who may be told, with their kind."""
    if not kinds:
        return {}
    recipients = notification_recipients(
        actor=post.author,
        thread=post.thread,
        candidates=User.objects.filter(pk__in=list(kinds)),
    )
    return {user: kinds[user.pk] for user in recipients}


def _post_notifications_send(post: Post, kinds: dict[User, str]) -> int:
    if not kinds:
        return 0
    return notifications_send_many(
        kinds=kinds,
        actor=post.author,
        url=post.get_absolute_url(),
        event_key=f"post:{post.pk}",
        about_thread_id=post.thread_id,
        about_post_id=post.pk,
    )


def organisation_watchers_notify(
    *, organisation: Organisation, by: User, thread: Thread, kind: str, url: str
) -> None:
    """Tell the members watching an organisation of its new write-up, whose discussion
    is `thread` (loaded with its category)."""
    watchers = User.objects.filter(
        follows__organisation=organisation, follows__level=FollowLevel.WATCHING
    )
    recipients = notification_recipients(actor=by, thread=thread, candidates=watchers)
    notifications_send_many(
        kinds=dict.fromkeys(recipients, kind),
        actor=by,
        url=url,
        event_key=f"{kind}:{thread.pk}",
        about_thread_id=thread.pk,
    )


def post_mentions_added_notify(post: Post, mentioned: list[User]) -> None:
    """Tell the members an edit newly mentions (the others were told at publication)."""
    for user in notification_recipients(
        actor=post.author, thread=post.thread, candidates=mentioned
    ):
        notification_send(
            user=user,
            kind="mention",
            actor=post.author,
            url=post.get_absolute_url(),
            event_key=f"mention:{post.pk}:{user.pk}",
            about_thread_id=post.thread_id,
            about_post_id=post.pk,
        )


def post_reaction_notify(post: Post, *, by: User, reaction: Reaction) -> None:
    """Count a reaction just given on the author's unread "people reacted" row; it names
    no one. The caller holds the post's row lock (reaction_toggle)."""
    if post.author is None:
        return
    for user in notification_recipients(
        actor=by, thread=post.thread, candidates=[post.author]
    ):
        notification_batch_add(
            user=user,
            kind="post.reaction",
            url=post.get_absolute_url(),
            about_thread_id=post.thread_id,
            about_post_id=post.pk,
            happened_at=reaction.created_at,
            count_since=partial(_reactions_since, post),
        )


def post_reaction_withdrawn_notify(post: Post) -> None:
    """A reaction was taken back: the author's unread row counts one less, and goes
    away at none (a reaction given before they read their last row changes nothing).
    The caller holds the post's row lock (reaction_toggle)."""
    if post.author_id is None:
        return
    notification_batch_undo(
        user=post.author,
        kind="post.reaction",
        about_post_id=post.pk,
        count_since=partial(_reactions_since, post),
    )


def _reactions_since(post: Post, started_at: datetime) -> int:
    """The reactions on `post` given since `started_at` that still stand: once per
    member and kind (a reaction taken back is deleted, so giving it again counts once),
    and none from a member with a block with the author, who was never told of them."""
    return (
        Reaction.objects.filter(post=post, created_at__gte=started_at)
        .exclude(user_id__in=blocked_ids_for(post.author))
        .count()
    )


# Following -------------------------------------------------------------------------

FOLLOW_LEVELS = {
    "thread": FollowLevel.values,
    "category": [FollowLevel.WATCHING, FollowLevel.NORMAL],
    "tag": [FollowLevel.WATCHING, FollowLevel.NORMAL],
    "organisation": [FollowLevel.WATCHING, FollowLevel.NORMAL],
}


def _follow_set(*, by: User, target: str, obj, level: str) -> str:
    if not is_member(by):
        raise PermissionDenied(_("Log in to follow."))
    if level not in FOLLOW_LEVELS[target]:
        raise ValidationError(_("Choose watching, normal or muted."), code="invalid")
    with transaction.atomic():
        rows = Follow.objects.filter(user=by, **{target: obj})
        if level == FollowLevel.NORMAL and target != "thread":
            rows.delete()  # "normal" is the absence of a choice
            return level
        if rows.update(level=level):
            return level
        try:
            with transaction.atomic():
                Follow.objects.create(user=by, level=level, **{target: obj})
        except IntegrityError:
            # A double click raced this one: the later choice wins.
            rows.update(level=level)
    return level


def thread_follow(*, thread: Thread, by: User, level: str) -> str:
    """Watch, mute or go back to normal for a thread the member may see."""
    if not thread_visible_to(thread, by):
        raise PermissionDenied(_("This thread is not available."))
    return _follow_set(by=by, target="thread", obj=thread, level=level)


def category_follow(*, category: Category, by: User, level: str) -> str:
    """Watch a category (a notification for every new thread) or go back to normal."""
    if not category_visible_to(category, by):
        raise PermissionDenied(_("This category is not available."))
    return _follow_set(by=by, target="category", obj=category, level=level)


def tag_follow(*, tag: Tag, by: User, level: str) -> str:
    """Watch a tag (a notification for every new thread with it) or go back to normal."""
    return _follow_set(by=by, target="tag", obj=tag, level=level)


def organisation_follow(*, organisation: Organisation, by: User, level: str) -> str:
    """Watch an organisation's write-ups (one notification per new one) or not."""
    return _follow_set(by=by, target="organisation", obj=organisation, level=level)


def thread_watch_on_post(*, thread: Thread, by: User) -> None:
    """Starting or replying makes the member watch the thread, if their setting says so
    and they have not chosen a level for it already (a muted thread stays muted)."""
    if not by.watch_on_reply:
        return
    # One statement: an existing row (muted, normal by choice, a concurrent post's)
    # is left as it is.
    Follow.objects.bulk_create(
        [Follow(user=by, thread=thread, level=FollowLevel.WATCHING)],
        ignore_conflicts=True,
    )


def notification_content_q(viewer: User) -> Q:
    """Registered with accounts: notification_content_check() as a filter over the
    viewer's notification rows, so that the header's count is one query. One EXISTS on
    a primary key per row the filter reaches."""
    posts = notified_posts(viewer).filter(pk=OuterRef("about_post_id"))
    threads = notified_threads(viewer).filter(pk=OuterRef("about_thread_id"))
    return Q(Exists(posts), about_post_id__isnull=False) | Q(
        Exists(threads), about_post_id__isnull=True, about_thread_id__isnull=False
    )


def notification_content_check(
    viewer: User, notifications: Iterable[Notification]
) -> dict[int, Content]:
    """Registered with accounts: which notifications are about posts or threads the
    viewer may still see, checked again when the list or a digest is read. The same
    querysets as notification_content_q(), so both give one answer."""
    notifications = list(notifications)
    post_ids = {n.about_post_id for n in notifications if n.about_post_id}
    thread_ids = {
        n.about_thread_id
        for n in notifications
        if n.about_thread_id and not n.about_post_id
    }
    post_threads = {
        post.pk: post.thread
        for post in notified_posts(viewer)
        .filter(pk__in=post_ids)
        .select_related("thread__category")
    }
    threads = {
        thread.pk: thread
        for thread in notified_threads(viewer)
        .filter(pk__in=thread_ids)
        .select_related("category")
    }
    visible: dict[int, Content] = {}
    for notification in notifications:
        if notification.about_post_id:
            thread = post_threads.get(notification.about_post_id)
        else:
            thread = threads.get(notification.about_thread_id)
        if thread is None:
            continue
        visible[notification.pk] = Content(
            title=thread.title, is_public=thread.category.is_public
        )
    return visible
