"""A member's public profile, and blocking them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import selectors, services
from accounts.forms import BlockForm
from core.forms import form_error_add


@require_GET
def profile(request, username):
    user = selectors.profile_for(username=username, viewer=request.user)
    viewer = request.user
    is_own = viewer.pk == user.pk
    return render(
        request,
        "accounts/profile.html",
        {
            "profile_user": user,
            "organisations": selectors.profile_organisations(user=user, viewer=viewer),
            "is_own": is_own,
            "has_blocked": (
                viewer.is_authenticated
                and not is_own
                and selectors.has_blocked(viewer=viewer, user=user)
            ),
            "blocks_involving": (
                selectors.blocks_involving(user=user, viewer=viewer)
                if viewer.is_authenticated
                else []
            ),
        },
    )


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def block(request, username):
    """GET: a confirmation page (the link on a post or profile); POST: block or unblock."""
    target = selectors.block_target(username=username, viewer=request.user)
    form = BlockForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if form.cleaned_data["action"] == "unblock":
                    services.member_unblock(user=target, by=request.user)
                    messages.success(
                        request,
                        _("You unblocked %(name)s.") % {"name": target.username},
                    )
                else:
                    services.member_block(user=target, by=request.user)
                    messages.success(
                        request,
                        _(
                            "You blocked %(name)s. You will not see each other's "
                            "posts, mentions or notifications."
                        )
                        % {"name": target.username},
                    )
            except ValidationError as error:
                form_error_add(form, error)
            else:
                return redirect(_next_url(request) or "accounts:settings")
        status = 400
    return render(
        request,
        "accounts/block.html",
        {
            "target": target,
            "form": form,
            "has_blocked": selectors.has_blocked(viewer=request.user, user=target),
            "next": _next_url(request),
        },
        status=status,
    )
