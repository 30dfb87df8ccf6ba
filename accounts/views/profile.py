"""A member's public profile."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import selectors


@require_GET
def profile(request, username):
    user = selectors.profile_for(username=username, viewer=request.user)
    if user is None:
        raise Http404(_("No visible profile with that name."))
    return render(
        request,
        "accounts/profile.html",
        {
            "profile_user": user,
            "organisations": selectors.profile_organisations(
                user=user, viewer=request.user
            ),
            "is_own": request.user.pk == user.pk,
        },
    )
