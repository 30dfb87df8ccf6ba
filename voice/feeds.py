from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from voice.selectors.statements import statements_for_feed


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose summaries are plain text: a summary is typed, not sanitised markup."""

    def add_item_elements(self, handler, item):
        summary = item["description"]
        super().add_item_elements(handler, {**item, "description": None})
        if summary is not None:
            handler.addQuickElement("summary", summary, {"type": "text"})


class StatementFeed(Feed):
    """Atom feed of the network's published position statements."""

    feed_type = PlainTextAtomFeed
    title = _("Position statements")
    subtitle = _(
        "Position statements published by the network and its member organisations."
    )

    def link(self):
        return reverse("voice:list")

    def feed_url(self):
        return reverse("voice:feed")

    def items(self):
        return statements_for_feed()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_policy_area_display()]
