"""Showing a service's refusal on the form the member filled in; shared fields."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.languages import written_language_choices


def form_error_add(form, error: Exception) -> None:
    """Put a service error on `form` so it re-renders with everything the member typed.

    A ValidationError keyed by field goes on those fields (a name the form does not have
    goes on the form as a whole); any other error, and a refusal such as PermissionDenied,
    goes on the form as a whole.
    """
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        form.add_error(None, error)
    else:
        form.add_error(None, str(error))


class WrittenLanguageField(forms.ChoiceField):
    """What a post, write-up or experience is written in; blank leaves the default."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Written in"))
        kwargs.setdefault(
            "help_text",
            _(
                "Screen readers use it to pronounce your text; readers can filter by it."
            ),
        )
        super().__init__(choices=written_language_choices, required=False, **kwargs)
