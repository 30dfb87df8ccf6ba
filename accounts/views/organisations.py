"""Organisations: the list, staff, invitations and membership applications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import selectors, services
from accounts.forms import (
    ApplicationDecisionForm,
    OrganisationApplicationForm,
    RoleForm,
)
from accounts.permissions import is_admin
from core.forms import form_error_add


@require_GET
def organisation_list(request):
    return render(
        request,
        "accounts/organisation_list.html",
        {"organisations": selectors.organisation_list()},
    )


def _organisation_or_404(request, slug) -> dict:
    page = selectors.organisation_page(slug=slug, viewer=request.user)
    return page


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
def membership_role(request, slug, pk):
    membership = selectors.membership_get(pk=pk, organisation_slug=slug)
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
def membership_support_worker(request, slug, pk):
    membership = selectors.membership_get(pk=pk, organisation_slug=slug)
    return _organisation_action(
        request,
        slug,
        lambda org: services.membership_support_worker_set(
            membership=membership,
            by=request.user,
            is_support_worker=request.POST.get("is_support_worker") == "1",
        ),
    )


@login_required
@require_POST
def membership_remove(request, slug, pk):
    membership = selectors.membership_get(pk=pk, organisation_slug=slug)
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
    invitation = selectors.invitation_for(pk=pk, viewer=request.user)
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
    application = selectors.application_for(pk=pk, viewer=request.user)
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
                form_error_add(form, error)
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
