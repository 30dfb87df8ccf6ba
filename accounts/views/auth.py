"""Sign-up, login and e-mail confirmation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import services, throttle
from accounts.forms import (
    LoginForm,
    SignupForm,
)
from accounts.views.common import link_confirm_page, link_failed
from core.forms import form_error_add
from core.languages import language_cookie_set


class LoginView(auth_views.LoginView):
    """Django's login (CSRF, never cached, a local `next` only) with the throttled form;
    a refused login answers 400."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    http_method_names = ["get", "head", "post"]

    def form_valid(self, form):
        response = super().form_valid(form)
        services.login_record(
            user=form.get_user(), address=throttle.client_address(self.request)
        )
        # The member's language from the first page after login, and after logout.
        language_cookie_set(response, form.get_user().preferred_language)
        return response

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(
        request.POST or None, initial={"preferred_language": request.LANGUAGE_CODE}
    )
    if request.method == "POST":
        if throttle.rate_limit_hit(
            scope="signup",
            key=throttle.client_address(request),
            limit=settings.SIGNUP_RATE_LIMIT,
            seconds=3600,
        ):
            form.add_error(
                None, _("Too many sign-ups from your network. Please try again later.")
            )
        elif form.is_valid():
            try:
                services.user_signup(**form.cleaned_data)
            except ValidationError as error:
                form_error_add(form, error)
            else:
                # The same answer whether or not the address already had an account.
                return redirect("accounts:signup_done")
        return render(request, "accounts/signup.html", {"form": form}, status=400)
    return render(request, "accounts/signup.html", {"form": form})


@require_GET
def signup_done(request):
    return render(request, "accounts/signup_done.html")


@require_http_methods(["GET", "HEAD", "POST"])
def confirm_email(request, token):
    try:
        if request.method != "POST":
            services.email_confirmation_check(token=token)
            return link_confirm_page(
                request,
                heading=_("Confirm your e-mail address"),
                button=_("Confirm my address"),
            )
        user = services.email_confirm(token=token)
    except ValidationError as error:
        return link_failed(request, error)
    messages.success(request, _("Thank you, your e-mail address is confirmed."))
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("home")
    return redirect("accounts:login")


@login_required
@require_POST
def confirm_email_resend(request):
    if request.user.has_confirmed_email:
        messages.info(request, _("Your e-mail address is already confirmed."))
    elif throttle.rate_limit_hit(
        scope="confirm-resend", key=str(request.user.pk), limit=3, seconds=3600
    ):
        messages.error(
            request,
            _("We have sent several links already. Please check your spam folder."),
        )
    else:
        services.email_confirmation_send(user=request.user)
        messages.success(request, _("We sent a new link to your e-mail address."))
    return redirect("accounts:settings")
