"""The member's own account: settings, e-mail address, export and erasure."""

import contextlib
import json
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from accounts import selectors, services, throttle
from accounts.forms import (
    AnonymiseForm,
    DeleteAccountForm,
    EmailChangeForm,
    SettingsForm,
)
from accounts.views.common import link_confirm_page, link_failed


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def settings_view(request):
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            services.user_settings_update(user=request.user, **form.service_kwargs())
            messages.success(request, _("Your settings are saved."))
            return redirect("accounts:settings")
        status = 400
    else:
        form = SettingsForm(initial=SettingsForm.initial_for(request.user))
        status = 200
    return render(
        request,
        "accounts/settings.html",
        {
            "form": form,
            "warning_fields": [form[name] for name in form.warning_fields],
            "memberships": selectors.memberships_of(viewer=request.user),
            "applications": selectors.applications_of(viewer=request.user),
            "blocks": selectors.blocks_made(viewer=request.user),
            "consents": selectors.consent_history(viewer=request.user),
        },
        status=status,
    )


@require_POST
def language_set(request):
    """The switcher on every page: Django's set_language (cookie, then back to `next`),
    and for a signed-in member their saved preference, which every page applies."""
    if request.user.is_authenticated:
        # An unknown code changes nothing: set_language ignores it too, and goes back.
        with contextlib.suppress(ValidationError):
            services.user_language_set(
                user=request.user, language=request.POST.get("language", "")
            )
    return set_language(request)


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def email_change(request):
    form = EmailChangeForm(
        request.POST or None,
        user=request.user,
        address=throttle.client_address(request),
    )
    if request.method != "POST":
        return render(request, "accounts/email_change.html", {"form": form})
    if not form.is_valid():
        return render(request, "accounts/email_change.html", {"form": form}, status=400)
    services.email_change_request(
        user=request.user, new_email=form.cleaned_data["email"]
    )
    # The same answer whether or not the address belongs to another account.
    messages.success(
        request,
        _(
            "If that address can be used, a confirmation link is on its way to it. "
            "Your address changes when you open the link."
        ),
    )
    return redirect("accounts:settings")


@require_http_methods(["GET", "HEAD", "POST"])
def email_change_confirm(request, token):
    try:
        if request.method != "POST":
            services.email_change_check(token=token)
            return link_confirm_page(
                request,
                heading=_("Confirm your new e-mail address"),
                button=_("Use this address"),
            )
        services.email_change_confirm(token=token)
    except ValidationError as error:
        return link_failed(request, error)
    messages.success(request, _("Your new e-mail address is confirmed."))
    return redirect(
        "accounts:settings" if request.user.is_authenticated else "accounts:login"
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def export(request):
    if request.method != "POST":
        return render(request, "accounts/export.html")
    data = services.user_data_export(user=request.user, by=request.user)
    if request.POST.get("format") == "html":
        response = render(
            request,
            "accounts/export_view.html",
            {"data": data, "sections": export_sections(data)},
        )
        response["Cache-Control"] = "no-store"
        return response
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def anonymise(request):
    form = AnonymiseForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            day = form.cleaned_data["before"] + timedelta(days=1)
            before = timezone.make_aware(datetime.combine(day, time.min))
            count = services.posts_anonymise(
                user=request.user, by=request.user, before=before
            )
            messages.success(
                request,
                ngettext(
                    "Your name is hidden on %(count)d post.",
                    "Your name is hidden on %(count)d posts.",
                    count,
                )
                % {"count": count},
            )
            return redirect("accounts:settings")
        return render(request, "accounts/anonymise.html", {"form": form}, status=400)
    return render(request, "accounts/anonymise.html", {"form": form})


def _cell(value) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    if value is None:
        return ""
    return str(value)


def export_sections(data: dict) -> list[dict]:
    """The export as headed tables for reading in the browser: one section per app,
    one table per kind of data (a list of rows, or one row for a single record)."""
    sections = []
    for label, part in data.items():
        if not isinstance(part, dict):
            continue
        tables = []
        for name, rows in part.items():
            rows = rows if isinstance(rows, list) else [rows]
            columns: list[str] = []
            for row in rows:
                if isinstance(row, dict):
                    columns += [key for key in row if key not in columns]
            if not columns:
                columns = ["value"]
                rows = [{"value": row} for row in rows]
            tables.append(
                {
                    "name": name.replace("_", " "),
                    "columns": [column.replace("_", " ") for column in columns],
                    "rows": [[_cell(row.get(c)) for c in columns] for row in rows],
                }
            )
        sections.append({"name": label, "tables": tables})
    return sections


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request):
    form = DeleteAccountForm(
        request.POST or None,
        user=request.user,
        address=throttle.client_address(request),
    )
    if request.method == "POST":
        if form.is_valid():
            services.user_erase(
                user=request.user,
                by=request.user,
                keep_posts=form.cleaned_data["keep_posts"],
            )
            auth_logout(request)
            return redirect("accounts:deleted")
        return render(request, "accounts/delete.html", {"form": form}, status=400)
    return render(request, "accounts/delete.html", {"form": form})


@require_GET
def deleted(request):
    return render(request, "accounts/deleted.html")
