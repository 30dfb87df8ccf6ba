from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from exchange.filters import PracticeFilters
from exchange.forms import ExchangeFilterForm
from exchange.selectors import practices_for_feed


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose entry summaries are plain text (Django marks them type="html").

    A summary is what an editor typed, not sanitised markup: as HTML, a feed reader
    would run `<img onerror=…>` and break on `a < b & c`.
    """

    def add_item_elements(self, handler, item):
        summary = item["description"]
        super().add_item_elements(handler, {**item, "description": None})
        if summary is not None:
            handler.addQuickElement("summary", summary, {"type": "text"})


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


class PracticeFeed(Feed):
    """Atom feed of published write-ups, filtered with the query parameters of /exchange/."""

    feed_type = PlainTextAtomFeed
    title = _("Practice exchange: programme write-ups")
    subtitle = _("Published programme write-ups of the network's member organisations.")

    def get_object(self, request):
        form = ExchangeFilterForm(request.GET)
        # Bad parameters give a valid, empty feed rather than an error.
        filters = (
            PracticeFilters.from_cleaned(form.cleaned_data) if form.is_valid() else None
        )
        return {"filters": filters, "query": request.GET.urlencode()}

    def link(self, obj):
        return _with_query(reverse("exchange:list"), obj["query"])

    def feed_url(self, obj):
        # rel="self" is this feed as requested, filters included.
        return _with_query(reverse("exchange:feed"), obj["query"])

    def items(self, obj):
        if obj["filters"] is None:
            return []
        return practices_for_feed(filters=obj["filters"])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_author_name(self, item):
        return item.organisation.name

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return item.area_labels + [tag.name for tag in item.tags.all()]
