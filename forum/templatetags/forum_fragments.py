"""Posts and thread rows rendered through the fragment cache (forum.fragments)."""

from django import template

from forum import fragments
from forum.models import Post

register = template.Library()


@register.simple_tag(takes_context=True)
def render_posts(context, posts):
    """Posts (or one post) as partials/_post.html renders them with this page's flags."""
    return fragments.posts_html(
        [posts] if isinstance(posts, Post) else posts,
        page=context.get("page"),
        accepts_replies=context.get("accepts_replies"),
        can_moderate=context.get("can_moderate"),
        csrf_token=context.get("csrf_token", ""),
    )


@register.simple_tag
def render_thread_rows(threads, show_category=False):
    return fragments.thread_rows_html(threads, show_category=show_category)
