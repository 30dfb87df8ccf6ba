"""Shapes of story input. Forms validate; services store."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.countries import COUNTRIES
from core.text import normalise_line, normalise_text
from voice.models import Story, StoryArea, StorySignature

CONSENT_TEXT = _(
    "I agree that, once a moderator has read it, my story is shown publicly on this "
    "site and in its feed, signed as I chose above. I can withdraw it at any time, and "
    "it then disappears at once."
)


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


class _LineField(forms.CharField):
    def to_python(self, value):
        return normalise_line(super().to_python(value))


class _TextField(forms.CharField):
    def to_python(self, value):
        # Control characters (NUL included) are removed, not refused (SPEC §6).
        return normalise_text(super().to_python(value))


class StoryFilterForm(forms.Form):
    area = forms.ChoiceField(
        label=_("Area"),
        required=False,
        choices=[("", _("All areas")), *StoryArea.choices],
    )
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", _("All countries"))]
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages"))]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *COUNTRIES]
        self.fields["language"].choices = [
            ("", _("All languages")),
            *Story._meta.get_field("language").choices,
        ]


class StoryForm(forms.Form):
    title = _LineField(label=_("Title"), max_length=800)
    # No maxlength attribute: a longer text must reach the server and come back with a
    # clear message, not be cut silently by the browser.
    body = _TextField(
        label=_("Your story"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Markdown works: *emphasis*, **bold**, lists, > quotes. Leave out names, "
            "places and details that could identify you or anyone else."
        ),
    )
    areas = forms.MultipleChoiceField(
        label=_("What the story is about"),
        choices=StoryArea.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    country = forms.ChoiceField(label=_("Country (optional)"), required=False)
    language = forms.ChoiceField(label=_("Language of the story"))
    signature = forms.ChoiceField(
        label=_("Sign it as"),
        choices=StorySignature.choices,
        initial=StorySignature.ANONYMOUS,
        widget=forms.RadioSelect,
    )
    signed_name = _LineField(
        label=_("First name to sign with"),
        required=False,
        max_length=200,
        help_text=_("Only if you chose a first name: it need not be your real one."),
    )
    has_consented = forms.BooleanField(label=CONSENT_TEXT, required=False)
    idempotency_key = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Not said")), *COUNTRIES]
        self.fields["language"].choices = Story._meta.get_field("language").choices
