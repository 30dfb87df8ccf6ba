import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import WrittenLanguageField
from core.text import normalise_line
from exchange.choices import (
    Area,
    EvidenceLevel,
    Readiness,
    Recommendation,
    Setting,
    country_choices,
    language_choices,
)
from exchange.filters import MAX_QUERY_LENGTH, Sort
from exchange.models import MAX_NARRATIVE_LENGTH
from forum.services.validation import parse_tags

MAX_VALUES_PER_FILTER = 20
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")

SORT_CHOICES = [
    (Sort.NEWEST, _("Newest")),
    (Sort.DISCUSSED, _("Most discussed")),
    (Sort.IMPLEMENTED, _("Most implemented")),
    (Sort.TITLE, _("Title A–Z")),
]


class FilterChoiceField(forms.MultipleChoiceField):
    """A repeatable URL parameter with a closed set of values (area=…&area=…)."""

    def __init__(self, *, upper: bool = False, lower: bool = False, **kwargs):
        self.upper, self.lower = upper, lower
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.MultipleHiddenInput)
        super().__init__(**kwargs)

    def to_python(self, value):
        # An empty value (area=) is what an untouched form field sends: no filter.
        values = [str(v).strip() for v in super().to_python(value) if str(v).strip()]
        if len(values) > MAX_VALUES_PER_FILTER:
            raise ValidationError(_("Too many values for one filter."))
        if self.upper:
            values = [v.upper() for v in values]
        if self.lower:
            values = [v.lower() for v in values]
        return values

    def validate(self, value):
        for item in value:
            if not self.valid_value(item):
                raise ValidationError(
                    _("“%(value)s” is not one of the options for %(name)s."),
                    params={"value": item[:50], "name": self.label},
                )


class FilterTextField(forms.Field):
    """A repeatable free-form URL parameter (tag=…, organisation=…)."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, pattern: re.Pattern | None = None, **kwargs):
        self.pattern = pattern
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        values = [str(v).strip() for v in (value or []) if str(v).strip()]
        if len(values) > MAX_VALUES_PER_FILTER:
            raise ValidationError(_("Too many values for one filter."))
        for item in values:
            if len(item) > 100 or (self.pattern and not self.pattern.match(item)):
                raise ValidationError(
                    _("“%(value)s” is not a valid value for %(name)s."),
                    params={"value": item[:50], "name": self.label},
                )
        return values


class SearchTextField(forms.CharField):
    """Free text, one line: control and bidi characters dropped before any check."""

    def to_python(self, value):
        return normalise_line(super().to_python(value))


class ExchangeFilterForm(forms.Form):
    """The query string of /exchange/ and /exchange/feed/; the URL is the filter state."""

    area = FilterChoiceField(label=_("Area"), choices=Area.choices, lower=True)
    setting = FilterChoiceField(label=_("Setting"), choices=Setting.choices, lower=True)
    country = FilterChoiceField(label=_("Country"), choices=country_choices, upper=True)
    language = FilterChoiceField(
        label=_("Language"), choices=language_choices, lower=True
    )
    evidence = FilterChoiceField(
        label=_("Evidence level"), choices=EvidenceLevel.choices, lower=True
    )
    readiness = FilterChoiceField(
        label=_("Readiness"), choices=Readiness.choices, lower=True
    )
    organisation = FilterTextField(label=_("Organisation"), pattern=_SLUG)
    tag = FilterTextField(label=_("Tag"))
    q = SearchTextField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _(
                "The search text is too long: use at most %(limit_value)d characters."
            )
        },
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)


class CommaSeparatedTagsField(forms.CharField):
    """Comma-separated tags, cleaned by the forum's rules (lower case, at most five)."""

    def to_python(self, value):
        return parse_tags(super().to_python(value))

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value


def _narrative(label, help_text):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=MAX_NARRATIVE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class PracticeForm(forms.Form):
    """A write-up's content. `organisation` is offered on creation only."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=150)
    language = WrittenLanguageField()
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        help_text=_("Up to 300 characters: what the programme does and for whom."),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
    )
    areas = forms.MultipleChoiceField(
        label=_("Areas"), choices=Area.choices, widget=forms.CheckboxSelectMultiple
    )
    target_group = forms.CharField(
        label=_("Target group"),
        max_length=300,
        required=False,
        help_text=_("Who the programme is for, in a sentence."),
    )
    tags = CommaSeparatedTagsField(
        label=_("Tags"),
        required=False,
        help_text=_(
            "Comma-separated target groups and topics, e.g. women, young adults, "
            "people leaving prison. Shared with forum threads."
        ),
    )
    settings = forms.MultipleChoiceField(
        label=pgettext_lazy("where a programme runs", "Settings"),
        choices=Setting.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries where it runs"),
        choices=country_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages the material exists in"),
        choices=language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    approach = _narrative(
        _("Approach"), _("What is done, by whom, how often. Markdown.")
    )
    objectives = _narrative(_("Objectives"), _("What the programme aims to change."))
    indicators = _narrative(_("Indicators"), _("How you know whether it works."))
    outcomes = _narrative(_("Outcomes"), _("What has changed so far."))
    limitations = _narrative(_("Limitations"), _("What did not work, and caveats."))
    evidence_level = forms.ChoiceField(
        label=_("Evaluation / evidence level"),
        choices=EvidenceLevel.choices,
        widget=forms.RadioSelect,
    )
    implementation = _narrative(
        _("Implementation experience"), _("What you learned while setting it up.")
    )
    resources = _narrative(
        _("Resources"), _("Staff, cost and training the programme needs.")
    )
    readiness = forms.ChoiceField(
        label=_("Transferability / readiness"),
        choices=Readiness.choices,
        widget=forms.RadioSelect,
    )
    contact = forms.CharField(
        label=_("Contact"),
        max_length=1000,
        required=False,
        help_text=_("Shown to signed-in members only."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations


class ExperienceForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, empty_label=None
    )
    country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    language = WrittenLanguageField()
    period = forms.CharField(
        label=_("Period"),
        max_length=100,
        help_text=_("For example: 2023–2025, or since spring 2024."),
    )
    adapted = forms.CharField(
        label=_("What was adapted"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    results = forms.CharField(
        label=_("Results"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    recommendation = forms.ChoiceField(
        label=_("Would you recommend it?"),
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
    )
    idempotency_key = forms.CharField(
        max_length=64, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
