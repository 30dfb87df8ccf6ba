"""Password reset that never reveals whether an address has an account (SPEC §7), and
password change behind the login throttle."""

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from accounts import throttle
from accounts.forms import PasswordChangeForm
from accounts.models import User
from core.mail import member_mail_enqueue


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form (same answer for known and unknown addresses) plus a send cap.

    A known and an unknown address do the same work before the answer: each queues
    one mail task, which for an unknown address sends nothing. Over the cap nothing is
    queued, and the page still answers the same way.
    """

    def get_users(self, email):
        users = list(super().get_users(email))
        return users or [User(email=email)]

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
        # Queued, composed and sent by the mail task: the answer never waits for the
        # mail server, and a known and an unknown address cost the same here (one
        # queued task; an unknown address's sends nothing).
        for user in self.get_users(email):
            member_mail_enqueue(user, "accounts.password_reset")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view; a completed reset ends the account's login locks."""

    def form_valid(self, form):
        response = super().form_valid(form)
        username = form.user.get_username()
        throttle.login_locks_clear(username=username)
        # Holding the mailbox is as good as the password: this address is the
        # member's own, as after a login.
        throttle.login_succeeded(
            username=username, address=throttle.client_address(self.request)
        )
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view with the throttled form; an invalid form answers 400."""

    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "address": throttle.client_address(self.request),
        }

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)
