"""Shapes of forum input. Forms validate; services store."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.choices import ContentWarning
from core.forms import WrittenLanguageField
from core.text import normalise_line, normalise_text
from forum.models import Category, FollowLevel, ReactionKind, ThreadMode
from forum.services.validation import (
    MAX_TITLE_LENGTH,
    clean_body,
    clean_idempotency_key,
    clean_title,
    parse_tags,
)

BODY_HELP = _(
    "Markdown works: *emphasis*, **bold**, lists, > quotes, `code`, links. "
    "Mention someone with @username."
)


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


class _BodyField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Your post"))
        kwargs.setdefault("help_text", BODY_HELP)
        self.easy_help_text = _(
            "Write in your own words. *Stars* make a word stand out."
        )
        # No maxlength attribute: a longer text must reach the server and come back
        # with a clear message, not be cut silently by the browser.
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 8}))
        super().__init__(strip=False, **kwargs)

    def to_python(self, value):
        # Control characters (NUL included) are removed, not refused (SPEC §6).
        return normalise_text(super().to_python(value))

    def clean(self, value):
        value = super().clean(value)
        return clean_body(value)


class _LineField(forms.CharField):
    def to_python(self, value):
        return normalise_line(super().to_python(value))


class ReplyForm(forms.Form):
    body = _BodyField(label=_("Your reply"))
    language = WrittenLanguageField()
    idempotency_key = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=200
    )

    def clean_idempotency_key(self):
        return clean_idempotency_key(self.cleaned_data.get("idempotency_key", ""))


class ThreadForm(forms.Form):
    title = _LineField(
        label=_("Title"),
        max_length=MAX_TITLE_LENGTH * 4,
        help_text=_("Up to %(limit)d characters.") % {"limit": MAX_TITLE_LENGTH},
        strip=False,
    )
    body = _BodyField()
    language = WrittenLanguageField()
    tags = _LineField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_("Up to 5, separated by commas, e.g. housing, work."),
        widget=forms.TextInput(
            attrs={"list": "tag-suggestions", "autocomplete": "off"}
        ),
    )
    mode = forms.ChoiceField(
        label=_("How may others answer?"),
        choices=ThreadMode.choices,
        initial=ThreadMode.OPEN,
        widget=forms.RadioSelect,
        # SPEC §4: a thread is started with title, body and tags alone.
        required=False,
    )
    content_warning = forms.ChoiceField(
        label=_("Content warning"),
        choices=[("", _("None"))] + list(ContentWarning.choices),
        required=False,
        help_text=_("Readers see the warning first and open the post when ready."),
    )
    idempotency_key = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=200
    )

    def clean_title(self):
        return clean_title(self.cleaned_data["title"])

    def clean_tags(self):
        return parse_tags(self.cleaned_data.get("tags", ""))

    def clean_mode(self):
        return self.cleaned_data.get("mode") or ThreadMode.OPEN

    def clean_idempotency_key(self):
        return clean_idempotency_key(self.cleaned_data.get("idempotency_key", ""))


class EditForm(forms.Form):
    body = _BodyField()
    language = WrittenLanguageField()
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=ReactionKind.choices)


class ModerateThreadForm(forms.Form):
    ACTIONS = [
        ("lock", _("Lock")),
        ("unlock", _("Unlock")),
        ("pin", _("Pin")),
        ("unpin", _("Unpin")),
        ("move", _("Move")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    reason = _LineField(label=_("Reason"), required=False, max_length=500)
    category = forms.ModelChoiceField(
        label=_("Move to"),
        queryset=Category.objects.filter(is_app_owned=False),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "move" and not cleaned.get("category"):
            raise ValidationError(_("Choose the category to move the thread to."))
        # Spec §3: every moderator action is logged with its reason.
        if "reason" in cleaned and not cleaned["reason"]:
            raise ValidationError(_("Give a reason: it goes into the moderation log."))
        return cleaned


class FollowForm(forms.Form):
    level = forms.ChoiceField(label=_("Notifications"), choices=FollowLevel.choices)
