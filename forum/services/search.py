"""Every write to the search index, each inside the caller's transaction.

Posts are indexed by the forum's own services (store, edit, retitle, erasure); another
app indexes its records through search_record_save() and search_post_label(). Who may
see an entry is not stored here: the selector decides from the post's current status and
category, so hiding, approving or moving needs no index write.
"""

from collections.abc import Iterable
from datetime import datetime

from accounts.models import Organisation, User
from forum.models import Post, SearchEntry, SearchKind, Thread
from forum.search.backends import config_for, index_delete, index_insert, index_update


def search_post_index(post: Post) -> None:
    """Index a new post; a thread's first post carries the thread's title."""
    thread = post.thread
    is_first = post.number == 1
    language = post.language
    index_insert(
        SearchEntry(
            kind=SearchKind.THREAD if is_first else SearchKind.POST,
            post=post,
            thread=thread,
            title=thread.title if is_first else "",
            body=post.body,
            url=thread.get_absolute_url() if is_first else post.get_absolute_url(),
            author=post.author,
            language=language,
            config=config_for(language),
            created_at=post.created_at,
        )
    )


def search_post_reindex(post: Post) -> None:
    """The post's text or language changed (an edit, a moderator's edit, an erasure's
    scrub); the vector is rebuilt with its language's configuration."""
    index_update(
        SearchEntry.objects.filter(post=post),
        body=post.body,
        language=post.language,
        config=config_for(post.language),
    )


def search_thread_retitle(thread: Thread) -> None:
    index_update(
        SearchEntry.objects.filter(thread=thread, kind=SearchKind.THREAD),
        title=thread.title,
        url=thread.get_absolute_url(),
    )


def search_post_label(
    post: Post, *, kind: str, organisation: Organisation | None
) -> None:
    """Index a post as the record of another app it stands for (an implementation
    experience is a reply in its write-up's discussion)."""
    index_update(
        SearchEntry.objects.filter(post=post), kind=kind, organisation=organisation
    )


def search_record_save(
    *,
    kind: str,
    object_id: int,
    title: str,
    body: str,
    url: str,
    tags: Iterable[str],
    author: User | None,
    organisation: Organisation | None,
    language: str,
    created_at: datetime,
) -> None:
    """Index (or re-index) a record of another app that has no post, such as a
    published write-up; call it again whenever its text changes."""
    tags = sorted(tags)
    fields = {
        "title": title,
        "body": body,
        "url": url,
        "tags": "".join(f"|{tag}" for tag in tags) + "|" if tags else "",
        "author": author,
        "organisation": organisation,
        "language": language,
        "config": config_for(language),
        "created_at": created_at,
    }
    entries = SearchEntry.objects.filter(kind=kind, object_id=object_id)
    if not index_update(entries, **fields):
        index_insert(SearchEntry(kind=kind, object_id=object_id, **fields))


def search_record_remove(*, kind: str, object_id: int) -> None:
    index_delete(SearchEntry.objects.filter(kind=kind, object_id=object_id))


def search_posts_remove(posts: Iterable[int]) -> None:
    """Take posts (by id) out of the index."""
    index_delete(SearchEntry.objects.filter(post_id__in=list(posts)))


def search_author_forget(user: User) -> None:
    """An erased member's entries keep their text but no longer name them."""
    SearchEntry.objects.filter(author=user).update(author=None)


def search_posts_unname(posts: Iterable[int]) -> None:
    """Posts shown as "a member" (their author hid their name) no longer name them in
    the index: no author on the result, no match for an author filter."""
    SearchEntry.objects.filter(post_id__in=list(posts)).update(author=None)


def search_posts_reindex() -> int:
    """Rebuild every post's entry (after a restore from backup, or for data written
    before the index existed). Another app re-labels its posts afterwards."""
    index_delete(SearchEntry.objects.filter(post__isnull=False))
    count = 0
    posts = Post.objects.select_related("thread", "author").order_by("pk")
    for post in posts.iterator(chunk_size=1000):
        search_post_index(post)
        count += 1
    return count
