"""Shape and validation of statement input; the services decide and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from voice.models import (
    Endorsement,
    PolicyArea,
    Statement,
    StatementLanguage,
    StatementStatus,
)
from voice.models.statements import (
    MAX_BODY_LENGTH,
    MAX_ENDORSEMENT_TEXT_LENGTH,
    MAX_TESTIMONY_LENGTH,
)


class StatementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    policy_area = forms.ChoiceField(label=_("Policy area"), choices=PolicyArea.choices)
    addressees = forms.CharField(
        label=_("Addressees"),
        max_length=300,
        help_text=_('For example "European Parliament", "national ministries".'),
    )
    language = forms.ChoiceField(label=_("Language"), choices=StatementLanguage.choices)
    body = forms.CharField(
        label=_("Text (Markdown)"),
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Leave a blank line between paragraphs: each becomes a numbered paragraph."
        ),
    )
    note = forms.CharField(
        label=_("What changed (optional)"), max_length=500, required=False
    )
    translation_of = forms.ModelChoiceField(
        label=_("Translation of"),
        queryset=Statement.objects.filter(translation_of__isnull=True),
        required=False,
        to_field_name="slug",
        help_text=_("Leave empty for an original statement."),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)


class CorrectionForm(forms.Form):
    body = forms.CharField(
        label=_("Corrected text (Markdown)"),
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 16}),
    )
    note = forms.CharField(
        label=_("Changelog: what the correction changes"), max_length=500
    )


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(choices=StatementStatus.choices)
    note = forms.CharField(max_length=500, required=False)


class AmendmentForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=None)
    text = forms.CharField(
        label=_("Replacement text"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    reason = forms.CharField(label=_("Why (optional)"), max_length=500, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class DecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        choices=(("1", _("Accept")), ("0", _("Decline"))), coerce=lambda v: v == "1"
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class EndorsementForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    text = forms.CharField(
        label=Endorsement._meta.get_field("text").verbose_name,
        max_length=MAX_ENDORSEMENT_TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One paragraph, shown with your organisation's name."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class CoSignForm(forms.Form):
    show_username = forms.BooleanField(
        label=_("Show my username among the co-signers"), required=False
    )


class TestimonyForm(forms.Form):
    text = forms.CharField(
        label=_("Your testimony"),
        max_length=MAX_TESTIMONY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "A few sentences of your own experience. A moderator reads it before "
            "anyone else sees it; you can withdraw it at any time."
        ),
    )
    pseudonym = forms.CharField(
        label=_("Signed as (optional)"),
        max_length=60,
        required=False,
        help_text=_("A first name or a made-up name. Leave empty to stay anonymous."),
    )


class EvidenceForm(forms.Form):
    url = forms.CharField(
        label=_("Link to a write-up or discussion on this site"), max_length=300
    )
    label = forms.CharField(label=_("Title"), max_length=200)
