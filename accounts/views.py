import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import selectors, services, throttle
from accounts.forms import (
    ApplicationDecisionForm,
    DeleteAccountForm,
    EmailChangeForm,
    InviteForm,
    LoginForm,
    OrganisationApplicationForm,
    OrganisationEditForm,
    RoleForm,
    SettingsForm,
    SignupForm,
    SitePageForm,
)
from accounts.models import (
    Membership,
    OrganisationApplication,
    OrganisationInvitation,
    SitePage,
)
from accounts.permissions import is_admin
from core.forms import form_error_add
from exchange.selectors import practices_for_organisation

NOTIFICATIONS_PER_PAGE = 30
SITE_PAGE_SLUGS = ("help", "guidelines", "privacy")


# Sign-up, login, confirmation -------------------------------------------------------


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request):
    redirect_to = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        redirect_to,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        redirect_to = ""
    if request.method == "POST":
        form = LoginForm(request, data=request.POST)
        if form.is_valid():
            auth_login(request, form.get_user())
            return redirect(redirect_to or settings.LOGIN_REDIRECT_URL)
        status = 400
    else:
        form = LoginForm(request)
        status = 200
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": redirect_to},
        status=status,
    )


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


def _link_failed(request, error: ValidationError):
    return render(
        request,
        "accounts/confirm_failed.html",
        {"reason": error.messages[0]},
        status=400,
    )


def _link_confirm_page(request, *, heading: str, button: str):
    # Mail scanners and link previews open links from e-mails: acting takes a click.
    return render(
        request,
        "accounts/confirm_link.html",
        {"heading": heading, "button": button},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm_email(request, token):
    try:
        if request.method != "POST":
            services.email_confirmation_check(token=token)
            return _link_confirm_page(
                request,
                heading=_("Confirm your e-mail address"),
                button=_("Confirm my address"),
            )
        user = services.email_confirm(token=token)
    except ValidationError as error:
        return _link_failed(request, error)
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


# Notifications ----------------------------------------------------------------------


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


# Profile and settings -----------------------------------------------------------------


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


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def settings_view(request):
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            services.user_settings_update(user=request.user, **form.service_kwargs())
            messages.success(request, _("Your settings are saved."))
            return redirect("accounts:settings")
        status = 400
    else:
        form = SettingsForm(initial=SettingsForm.initial_for(request.user))
        status = 200
    return render(
        request,
        "accounts/settings.html",
        {
            "form": form,
            "warning_fields": [form[name] for name in form.warning_fields],
            "memberships": selectors.memberships_of(viewer=request.user),
            "applications": selectors.applications_of(viewer=request.user),
        },
        status=status,
    )


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def email_change(request):
    form = EmailChangeForm(
        request.POST or None,
        user=request.user,
        address=throttle.client_address(request),
    )
    if request.method != "POST":
        return render(request, "accounts/email_change.html", {"form": form})
    if not form.is_valid():
        return render(request, "accounts/email_change.html", {"form": form}, status=400)
    services.email_change_request(
        user=request.user, new_email=form.cleaned_data["email"]
    )
    # The same answer whether or not the address belongs to another account.
    messages.success(
        request,
        _(
            "If that address can be used, a confirmation link is on its way to it. "
            "Your address changes when you open the link."
        ),
    )
    return redirect("accounts:settings")


@require_http_methods(["GET", "HEAD", "POST"])
def email_change_confirm(request, token):
    try:
        if request.method != "POST":
            services.email_change_check(token=token)
            return _link_confirm_page(
                request,
                heading=_("Confirm your new e-mail address"),
                button=_("Use this address"),
            )
        services.email_change_confirm(token=token)
    except ValidationError as error:
        return _link_failed(request, error)
    messages.success(request, _("Your new e-mail address is confirmed."))
    return redirect(
        "accounts:settings" if request.user.is_authenticated else "accounts:login"
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def export(request):
    if request.method != "POST":
        return render(request, "accounts/export.html")
    data = services.user_data_export(user=request.user, by=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request):
    form = DeleteAccountForm(
        request.POST or None,
        user=request.user,
        address=throttle.client_address(request),
    )
    if request.method == "POST":
        if form.is_valid():
            services.user_erase(
                user=request.user,
                by=request.user,
                keep_posts=form.cleaned_data["keep_posts"],
            )
            auth_logout(request)
            return redirect("accounts:deleted")
        return render(request, "accounts/delete.html", {"form": form}, status=400)
    return render(request, "accounts/delete.html", {"form": form})


@require_GET
def deleted(request):
    return render(request, "accounts/deleted.html")


# Organisations ------------------------------------------------------------------------


@require_GET
def organisation_list(request):
    return render(
        request,
        "accounts/organisation_list.html",
        {"organisations": selectors.organisation_list()},
    )


def _organisation_or_404(request, slug) -> dict:
    page = selectors.organisation_page(slug=slug, viewer=request.user)
    if page is None:
        raise Http404(_("No organisation with that address."))
    return page


def _render_organisation(
    request, page, *, edit_form=None, invite_form=None, status=200
):
    if page["can_edit"]:
        organisation = page["organisation"]
        page["edit_form"] = edit_form or OrganisationEditForm(
            initial={
                "description": organisation.description,
                "website": organisation.website,
            }
        )
        page["invite_form"] = invite_form or InviteForm()
    page["exchange"] = practices_for_organisation(page["organisation"], request.user)
    return render(request, "accounts/organisation.html", page, status=status)


@require_GET
def organisation(request, slug):
    return _render_organisation(request, _organisation_or_404(request, slug))


def _organisation_action(request, slug, action):
    """Run an editor action; a refusal comes back as a message on the page."""
    page = _organisation_or_404(request, slug)
    try:
        action(page["organisation"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(page["organisation"].get_absolute_url())


@login_required
@require_POST
def organisation_edit(request, slug):
    page = _organisation_or_404(request, slug)
    if not page["can_edit"]:
        raise PermissionDenied(_("Only the organisation's editors can change it."))
    form = OrganisationEditForm(request.POST)
    if not form.is_valid():
        return _render_organisation(request, page, edit_form=form, status=400)
    services.organisation_update(
        organisation=page["organisation"], by=request.user, **form.cleaned_data
    )
    messages.success(request, _("The organisation page is updated."))
    return redirect(page["organisation"].get_absolute_url())


@login_required
@require_POST
def organisation_invite(request, slug):
    page = _organisation_or_404(request, slug)
    if not page["can_edit"]:
        raise PermissionDenied(_("Only the organisation's editors can invite staff."))
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.organisation_invite(
                organisation=page["organisation"], by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("username", message)
        else:
            messages.success(
                request, _("If this member exists, they will see your invitation.")
            )
            return redirect(page["organisation"].get_absolute_url())
    return _render_organisation(request, page, invite_form=form, status=400)


@login_required
@require_POST
def membership_role(request, slug, pk):
    membership = get_object_or_404(Membership, pk=pk, organisation__slug=slug)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return redirect(membership.organisation.get_absolute_url())
    return _organisation_action(
        request,
        slug,
        lambda org: services.membership_set_role(
            membership=membership, by=request.user, role=form.cleaned_data["role"]
        ),
    )


@login_required
@require_POST
def membership_remove(request, slug, pk):
    membership = get_object_or_404(Membership, pk=pk, organisation__slug=slug)
    return _organisation_action(
        request,
        slug,
        lambda org: services.membership_remove(membership=membership, by=request.user),
    )


@login_required
@require_GET
def invitations(request):
    return render(
        request,
        "accounts/invitations.html",
        {"invitations": selectors.invitations_for(viewer=request.user)},
    )


@login_required
@require_POST
def invitation_answer(request, pk):
    # Only the invitee's own invitations are found: anyone else gets a 404 (no IDOR).
    invitation = get_object_or_404(OrganisationInvitation, pk=pk, user=request.user)
    accept = request.POST.get("answer") == "accept"
    try:
        services.organisation_invitation_answer(
            invitation=invitation, by=request.user, accept=accept
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("accounts:invitations")
    if accept:
        messages.success(
            request,
            _("You joined %(org)s.") % {"org": invitation.organisation.name},
        )
        return redirect(invitation.organisation.get_absolute_url())
    messages.info(request, _("Invitation declined."))
    return redirect("accounts:invitations")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def organisation_apply(request):
    form = OrganisationApplicationForm(request.POST or None)
    if request.method != "POST":
        return render(request, "accounts/apply.html", {"form": form})
    status = 400
    if form.is_valid():
        try:
            application = services.organisation_apply(
                by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_error_add(form, error)
        except PermissionDenied as error:
            # Refused, but what was typed stays on the page.
            form.add_error(None, str(error))
            status = 403
        else:
            messages.success(
                request,
                _("Thank you. An administrator will review the application."),
            )
            return redirect("accounts:application_status", pk=application.pk)
    return render(request, "accounts/apply.html", {"form": form}, status=status)


@login_required
@require_GET
def application_status(request, pk):
    application = selectors.application_for(pk=pk, viewer=request.user)
    if application is None:
        raise Http404(_("No application with that number."))
    return render(
        request, "accounts/application_status.html", {"application": application}
    )


@login_required
@require_GET
def application_list(request):
    if not is_admin(request.user):
        raise PermissionDenied(_("Only administrators review applications."))
    return render(
        request,
        "accounts/application_list.html",
        {"applications": selectors.applications_for_review(viewer=request.user)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def application_review(request, pk):
    if not is_admin(request.user):
        raise PermissionDenied(_("Only administrators review applications."))
    application = get_object_or_404(
        OrganisationApplication.objects.select_related("applicant"), pk=pk
    )
    form = ApplicationDecisionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "approve":
                    organisation = services.organisation_application_approve(
                        application=application, by=request.user
                    )
                    messages.success(
                        request,
                        _("%(org)s is approved.") % {"org": organisation.name},
                    )
                else:
                    services.organisation_application_reject(
                        application=application,
                        by=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                    messages.success(request, _("The application is rejected."))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("accounts:application_list")
        status = 400
    else:
        status = 200
    return render(
        request,
        "accounts/application_review.html",
        {"application": application, "form": form},
        status=status,
    )


# Site pages ---------------------------------------------------------------------------


def _site_page(request, slug):
    page = selectors.site_page(slug=slug)
    if page is None:
        raise Http404(_("This page has not been written yet."))
    context = {"page": page, "can_edit": is_admin(request.user)}
    if slug == "guidelines":
        context["guidelines_version"] = settings.GUIDELINES_VERSION
        context["needs_acceptance"] = (
            request.user.is_authenticated
            and request.user.guidelines_version != settings.GUIDELINES_VERSION
        )
    return render(request, "pages/page.html", context)


@require_GET
def help_page(request):
    return _site_page(request, "help")


@require_GET
def guidelines_page(request):
    return _site_page(request, "guidelines")


@require_GET
def privacy_page(request):
    return _site_page(request, "privacy")


@login_required
@require_POST
def guidelines_accept(request):
    services.guidelines_accept(user=request.user)
    messages.success(request, _("Thank you for accepting the community guidelines."))
    return redirect("accounts:guidelines")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def site_page_edit(request, slug):
    if slug not in SITE_PAGE_SLUGS:
        raise Http404(_("There is no such site page."))
    if not is_admin(request.user):
        raise PermissionDenied(_("Only administrators can edit site pages."))
    language = request.GET.get("language") or request.POST.get("language") or "en"
    if language not in dict(settings.LANGUAGES):
        raise Http404(_("There is no such language."))
    page = SitePage.objects.filter(slug=slug, language=language).first()
    initial = {"title": page.title, "body": page.body} if page else {}
    form = SitePageForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            saved = services.site_page_save(
                slug=slug, language=language, by=request.user, **form.cleaned_data
            )
            messages.success(request, _("The page is saved."))
            return redirect(saved.get_absolute_url())
        status = 400
    else:
        status = 200
    return render(
        request,
        "pages/edit.html",
        {
            "form": form,
            "slug": slug,
            "language": language,
            "languages": settings.LANGUAGES,
            "page_url": reverse(f"accounts:{slug}"),
        },
        status=status,
    )
