"""Password reset that never reveals whether an address has an account (SPEC §7), and
password change behind the login throttle."""

import logging
import threading

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.urls import reverse_lazy

from accounts import throttle
from accounts.forms import PasswordChangeForm
from accounts.models import User

logger = logging.getLogger(__name__)


def _deliver(message: EmailMultiAlternatives, *, is_real: bool) -> None:
    # Both kinds build the MIME message, so the thread costs the process the same;
    # only a known address's is sent.
    message.message()
    if not is_real:
        return
    try:
        message.send()
    except Exception:
        logger.exception("password reset mail could not be delivered")


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form (same answer for known and unknown addresses) plus a send cap.

    A known and an unknown address do the same work before the answer: an unknown one
    gets a reset mail built (token, templates) for no one, which is then dropped. Over
    the cap nothing is built or sent, and the page still answers the same way.
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
        super().save(*args, request=request, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # Rendered here, in the request's language; delivered off the request thread,
        # since the mail server's round trip would make a known address's answer
        # measurably slower than an unknown one's.
        subject = loader.render_to_string(subject_template_name, context)
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(
            "".join(subject.splitlines()), body, from_email, [to_email]
        )
        if html_email_template_name is not None:
            message.attach_alternative(
                loader.render_to_string(html_email_template_name, context), "text/html"
            )
        threading.Thread(
            target=_deliver,
            args=(message,),
            kwargs={"is_real": context["user"].pk is not None},
            name="password-reset-mail",
            daemon=True,
        ).start()


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
