"""Helpers shared by the account views."""

from django.core.exceptions import ValidationError
from django.shortcuts import render


def form_errors_to(form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form so it re-renders as typed."""
    field = "username" if getattr(error, "code", None) == "username" else None
    for message in error.messages:
        form.add_error(field, message)


def link_failed(request, error: ValidationError):
    return render(
        request,
        "accounts/confirm_failed.html",
        {"reason": error.messages[0]},
        status=400,
    )


def link_confirm_page(request, *, heading: str, button: str):
    # Mail scanners and link previews open links from e-mails: acting takes a click.
    return render(
        request,
        "accounts/confirm_link.html",
        {"heading": heading, "button": button},
    )
