"""Every forum write. Views and other apps import from here."""

from forum.services.categories import category_for_app, category_save
from forum.services.counters import category_counters_refresh, thread_counters_refresh
from forum.services.notify import (
    category_follow,
    organisation_follow,
    organisation_watchers_notify,
    tag_follow,
    thread_follow,
)
from forum.services.posts import (
    EditConflict,
    post_create,
    post_edit,
    reaction_toggle,
    require_poster,
)
from forum.services.ratelimit import RateLimited
from forum.services.read_state import read_state_mark
from forum.services.threads import (
    thread_create,
    thread_create_for_app,
    thread_retitle,
)

__all__ = [
    "EditConflict",
    "RateLimited",
    "category_counters_refresh",
    "category_follow",
    "organisation_follow",
    "organisation_watchers_notify",
    "tag_follow",
    "thread_follow",
    "category_for_app",
    "category_save",
    "post_create",
    "post_edit",
    "reaction_toggle",
    "read_state_mark",
    "require_poster",
    "thread_counters_refresh",
    "thread_create",
    "thread_create_for_app",
    "thread_retitle",
]
