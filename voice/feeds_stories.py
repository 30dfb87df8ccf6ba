"""The Atom feed of published recovery stories (/stories/feed/)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from voice.selectors.stories import stories_for_feed


class StoryFeed(Feed):
    """Published stories, newest first. Entries carry the stored, sanitised HTML."""

    feed_type = Atom1Feed
    title = _("Recovery stories")
    subtitle = _("Recovery is possible: stories told by the people who lived it.")
    link = reverse_lazy("stories:list")
    feed_url = reverse_lazy("stories:feed")

    def items(self):
        return stories_for_feed()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body_html

    def item_author_name(self, item):
        return item.byline

    def item_pubdate(self, item):
        return item.published_at

    def item_categories(self, item):
        return item.area_labels
