from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.languages import written_language_choices
from core.text import MAX_BODY_LENGTH
from moderation.models import CaseState, FlagReason, Guideline, WatchedAction
from moderation.services.flags import MAX_NOTE_LENGTH, MEMBER_REASONS

REASON_HELP = {
    FlagReason.HARM: _(
        "Use this if someone seems to be in danger. Moderators are alerted at once, "
        "and we will show you where to get help."
    ),
}

DURATIONS = [
    ("1", _("1 day")),
    ("3", _("3 days")),
    ("7", _("1 week")),
    ("30", _("30 days")),
    ("indefinite", _("Indefinitely (until lifted)")),
]


class HelpRadioSelect(forms.RadioSelect):
    """Radio buttons where some choices carry a help text that describes them."""

    def __init__(self, *, help_texts: dict, **kwargs):
        super().__init__(**kwargs)
        self.help_texts = help_texts

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        help_text = self.help_texts.get(value)
        if help_text and option["attrs"].get("id"):
            # The template renders the help under the choice with this id.
            option["help"] = help_text
            option["help_id"] = f"{option['attrs']['id']}_help"
            option["attrs"]["aria-describedby"] = option["help_id"]
        return option


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this post?"),
        choices=[(value, FlagReason(value).label) for value in MEMBER_REASONS],
        widget=HelpRadioSelect(help_texts=REASON_HELP),
    )
    note = forms.CharField(
        label=_("Anything the moderators should know? (optional)"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The author never learns who reported their post."),
    )


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Reason (the member will read it)"))
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(**kwargs)


def guideline_field(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Guideline"),
        choices=Guideline.choices,
        initial=Guideline.NONE,
        **kwargs,
    )


class CaseActionForm(forms.Form):
    ACTIONS = [
        ("hide", _("Hide the post")),
        ("restore", _("Restore the post")),
        ("edit_restore", _("Edit the post, then restore it")),
        ("dismiss", _("Dismiss the flags (no action)")),
        ("lock", _("Lock the thread")),
    ]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    guideline = guideline_field()
    reason = ReasonField()
    body = forms.CharField(
        label=_("Edited text (for “edit, then restore”)"),
        required=False,
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("action") == "edit_restore"
            and not (data.get("body") or "").strip()
        ):
            self.add_error("body", _("Write the edited text to restore."))
        return data


class SanctionForm(forms.Form):
    # The case page shows it next to the action form, which also has these field names.
    prefix = "sanction"

    sanction = forms.ChoiceField(
        label=_("Sanction"),
        choices=[
            ("silence", _("Silence (can read, cannot post)")),
            ("suspend", _("Suspend (cannot log in)")),
            ("lift", _("Lift the current sanction")),
        ],
    )
    duration = forms.ChoiceField(label=_("For"), choices=DURATIONS, initial="3")
    guideline = guideline_field()
    reason = ReasonField()

    def until(self):
        duration = self.cleaned_data["duration"]
        if duration == "indefinite":
            return None
        return timezone.now() + timedelta(days=int(duration))


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Private note for moderators"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ApprovalForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=_("Text (edit before approving if needed)"),
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    guideline = guideline_field()
    reason = ReasonField(
        required=False,
        help_text=_("Needed when you edit the text or reject the post."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the member a reason for the rejection."))
        return data


class ReviewDecisionForm(forms.Form):
    """A moderator's verdict on another app's item (a story, a testimony)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve and publish")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    guideline = guideline_field()
    reason = ReasonField(
        required=False,
        help_text=_("Needed when you reject: the author will read it."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the author a reason for the rejection."))
        return data


def _word_language_choices() -> list[tuple[str, str]]:
    return [("", _("Every language")), *written_language_choices()]


class WatchedWordForm(forms.Form):
    word = forms.CharField(label=_("Word or phrase"), max_length=100)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=_word_language_choices,
        required=False,
    )
    action = forms.ChoiceField(label=_("Action"), choices=WatchedAction.choices)
    reason = ReasonField(label=_("Reason (for the audit log)"))


class WordRemoveForm(forms.Form):
    reason = ReasonField(
        label=_("Reason (for the audit log)"),
        widget=forms.TextInput(attrs={"size": 24}),
    )


class SlowModeForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Minutes between replies per member (0 turns slow mode off)"),
        min_value=0,
        max_value=24 * 60,
    )
    reason = ReasonField()


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why should the decision change?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("uphold", _("Uphold the decision")),
            ("overturn", _("Overturn the decision")),
        ],
        widget=forms.RadioSelect,
    )
    reason = ReasonField()


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("Any")), *CaseState.choices],
        required=False,
        initial=CaseState.OPEN,
    )
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", _("Any")), *FlagReason.choices], required=False
    )
    category = forms.SlugField(label=_("Category (slug)"), required=False)
    assignee = forms.CharField(
        label=_("Assignee (username, “me” or “none”)"), required=False, max_length=150
    )


class CheckInOpenForm(forms.Form):
    member = forms.CharField(label=_("Member's username"), max_length=150)
    reason = forms.CharField(
        label=_("Why are you opening this check-in?"),
        help_text=_("Recorded in the moderation log. The member does not see it."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    case = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CheckInMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_BODY_LENGTH,
        strip=False,
    )
    idempotency_key = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64
    )


class CheckInReportForm(forms.Form):
    note = forms.CharField(
        label=_("What is wrong with this message? (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=MAX_NOTE_LENGTH,
        required=False,
    )
