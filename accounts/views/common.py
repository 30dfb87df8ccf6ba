"""Helpers shared by the account views."""

from django.core.exceptions import ValidationError
from django.shortcuts import render


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
