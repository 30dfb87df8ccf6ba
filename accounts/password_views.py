"""Password reset that never reveals whether an address has an account (SPEC §7), and
password change behind the login throttle."""

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from accounts import throttle
from accounts.forms import PasswordChangeForm


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


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view with the throttled form; an invalid form answers 400."""

    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)
