"""The member's notifications."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts import selectors, services

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
    return render(
        request,
        "accounts/notifications.html",
        {"page": page, "notifications": list(page.object_list)},
    )
