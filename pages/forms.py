"""Forms of the pages that combine apps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.languages import written_language_choices
from forum.models import SearchKind
from forum.search.query import MAX_QUERY_CHARS
from forum.search.selectors import ORGANISATION, SearchFilters


class SearchForm(forms.Form):
    """The /search/ query string. Every field is optional; a wrong one is reported on the
    form, with what was typed kept."""

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=MAX_QUERY_CHARS,
        help_text=_('Use "quotes" for an exact phrase and -word to leave a word out.'),
    )
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("Everything")), *SearchKind.choices]
        + [(ORGANISATION, _("Organisations"))],
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=100)
    author = forms.CharField(label=_("Author"), required=False, max_length=150)
    org = forms.ChoiceField(label=_("Organisation"), required=False)
    lang = forms.ChoiceField(label=_("Language"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("relevance", _("Best match")), ("newest", _("Newest first"))],
    )

    def __init__(self, *args, categories=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Any category"))] + [
            (category.slug, category.name) for category in categories
        ]
        self.fields["lang"].choices = [
            ("", _("Any language")),
            *written_language_choices(),
        ]
        self.fields["org"].choices = [("", _("Any organisation"))] + [
            (organisation.slug, organisation.name) for organisation in organisations
        ]

    def add_prefix(self, field_name):
        # The URL says from= and to= (SPEC); a Python attribute cannot be "from".
        return {"date_from": "from", "date_to": "to"}.get(field_name, field_name)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            kind=data["type"],
            category=data["category"],
            tag=data["tag"].strip().lower(),
            author=data["author"].strip().lstrip("@"),
            organisation=data["org"],
            language=data["lang"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            sort=data["sort"] or "relevance",
        )
