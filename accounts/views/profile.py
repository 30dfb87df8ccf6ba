"""A member's public profile."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import selectors


@require_GET
def profile(request, username):
    user = selectors.profile_for(username=username, viewer=request.user)
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
