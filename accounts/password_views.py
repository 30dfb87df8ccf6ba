"""Password reset that never reveals whether an address has an account (SPEC §7)."""

from django.conf import settings
from django.contrib.auth import forms as auth_forms

from accounts import throttle


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form (same answer for known and unknown addresses) plus a send cap.

    Over the cap nothing is sent, and the page still answers the same way.
    """

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"]
        limited = throttle.rate_limit_hit(
            scope="password-reset",
            key=email,
            limit=settings.PASSWORD_RESET_RATE_LIMIT,
            seconds=3600,
        )
        if limited:
            return
        super().save(*args, request=request, **kwargs)
