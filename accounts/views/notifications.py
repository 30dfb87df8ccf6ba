"""The member's notifications, their e-mail settings, and one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
)

from accounts import selectors, services
from accounts.forms import NotificationSettingsForm
from accounts.notification_kinds import KindGroup
from accounts.services.notifications import unsubscribe_read

NOTIFICATIONS_PER_PAGE = 30


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notifications(request):
    # Reading the list marks nothing: a prefetch must not clear what the member has not
    # seen. SPEC §4: one or all are marked read by POST.
    if request.method == "POST":
        if request.POST.get("all"):
            services.notifications_mark_all_read(user=request.user)
        else:
            try:
                ids = [int(request.POST.get("notification", ""))]
            except ValueError:
                ids = []
            services.notifications_mark_read(user=request.user, notification_ids=ids)
        url = reverse("accounts:notifications")
        page = request.POST.get("page", "")
        return redirect(f"{url}?page={page}" if page.isdigit() else url)
    page = Paginator(
        selectors.notifications_for(viewer=request.user), NOTIFICATIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    return render(
        request,
        "accounts/notifications.html",
        {
            "page": page,
            "notifications": rows,
            "groups": selectors.notification_groups(
                viewer=request.user, notifications=rows
            ),
        },
    )


@login_required
@require_GET
def notification_open(request, pk):
    """Follow a notification's link, marking it read on the way (SPEC §4)."""
    try:
        url = services.notification_open(user=request.user, notification_id=pk)
    except PermissionDenied:
        return redirect("accounts:notifications")
    return redirect(url)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_settings(request):
    user = request.user
    current = selectors.notification_preferences(user=user)
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST, user=user)
        if form.is_valid():
            try:
                services.notification_preferences_update(
                    user=user,
                    email=form.email_choices(),
                    watch_on_reply=form.cleaned_data["watch_on_reply"],
                    email_consent=form.cleaned_data["email_consent"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your notification settings are saved."))
                return redirect("accounts:notification_settings")
        status = 400
    else:
        form = NotificationSettingsForm(user=user, initial_choices=current)
        status = 200
    return render(
        request,
        "accounts/notification_settings.html",
        {"form": form, "has_consent": bool(user.email_consent_at)},
        status=status,
    )


# RFC 8058: a mail client POSTs here without a session or a CSRF token; the signed
# token in the URL is the proof. A GET only shows a confirmation page (link scanners
# open links, and must not unsubscribe anyone).
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        _user, group = unsubscribe_read(token)
    except ValidationError:
        return render(
            request, "accounts/unsubscribe.html", {"invalid": True}, status=400
        )
    label = dict(KindGroup.choices).get(group, _("All notification e-mail"))
    if request.method == "POST":
        services.notification_unsubscribe(token=token)
        return render(
            request, "accounts/unsubscribe.html", {"done": True, "label": label}
        )
    return render(
        request, "accounts/unsubscribe.html", {"label": label, "token": token}
    )
