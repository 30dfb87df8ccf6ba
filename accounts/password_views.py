"""Password reset that never reveals whether an address has an account (SPEC §7), and
password change behind the login throttle."""

import threading

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils import translation

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

    def send_mail(self, *args, **kwargs):
        # Only known addresses get mail: delivered in the request, the mail server's
        # round trip would make their answer measurably slower than an unknown
        # address's. Deliver off the request thread, in the request's language.
        # Django's send_mail logs a failed delivery instead of raising it.
        language = translation.get_language()
        send = super().send_mail

        def deliver():
            with translation.override(language):
                send(*args, **kwargs)

        threading.Thread(
            target=deliver, name="password-reset-mail", daemon=True
        ).start()


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view with the throttled form; an invalid form answers 400."""

    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)
