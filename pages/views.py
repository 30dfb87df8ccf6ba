"""Pages that combine several apps: the home page, a tag, an organisation, site pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.countries import country_name
from accounts.forms import InviteForm, OrganisationEditForm, SitePageForm
from accounts.permissions import is_admin
from core.errors import NotFound
from core.text import normalise_line
from exchange.selectors import (
    practices_for_organisation,
    practices_latest,
    practices_tagged,
)
from forum import selectors as forum_selectors
from forum.pagination import page_requested, page_window
from forum.search import selectors as search_selectors
from moderation import selectors as moderation_selectors
from pages.forms import SearchForm

SITE_PAGE_SLUGS = ("help", "guidelines", "privacy")


@require_GET
def home(request):
    return render(
        request,
        "pages/home.html",
        {
            "categories": list(forum_selectors.categories_visible(viewer=request.user)),
            "latest": forum_selectors.threads_latest(viewer=request.user),
            "latest_practices": practices_latest(),
        },
    )


@require_GET
def tag(request, tag):
    name = normalise_line(tag).lower()
    if not name:
        raise Http404(_("No such tag."))
    if name != tag and normalise_line(name).lower() == name:
        # Tags are stored NFC and lower-case: "cafe\u0301" and "Work" find their tag.
        # (Only to a stable form, so a redirect can never lead to another.)
        url = reverse("pages:tag", kwargs={"tag": name})
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url)
    listing = forum_selectors.threads_tagged(
        tag=name, viewer=request.user, page=page_requested(request)
    )
    practices = practices_tagged(name)
    if not listing.threads and not practices:
        raise Http404(_("No such tag."))
    try:
        tag_row = forum_selectors.tag_get(name=name)
    except NotFound:
        follow = None
    else:
        follow = forum_selectors.follow_control(viewer=request.user, tag=tag_row)
    return render(
        request,
        "pages/tag.html",
        {
            "tag": name,
            "follow": follow,
            "follow_url": reverse("forum:tag_follow", kwargs={"tag": name}),
            "listing": listing,
            "page_numbers": page_window(listing.page, listing.page_count),
            "practices": practices,
        },
    )


# Organisation page ----------------------------------------------------------------------


def _organisation_or_404(request, slug) -> dict:
    page = account_selectors.organisation_page(slug=slug, viewer=request.user)
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
    page["follow"] = forum_selectors.follow_control(
        viewer=request.user, organisation=page["organisation"]
    )
    page["follow_url"] = reverse(
        "forum:organisation_follow", kwargs={"slug": page["organisation"].slug}
    )
    return render(request, "pages/organisation.html", page, status=status)


@require_GET
def organisation(request, slug):
    return _render_organisation(request, _organisation_or_404(request, slug))


@login_required
@require_POST
def organisation_edit(request, slug):
    page = _organisation_or_404(request, slug)
    if not page["can_edit"]:
        raise PermissionDenied(_("Only the organisation's editors can change it."))
    form = OrganisationEditForm(request.POST)
    if not form.is_valid():
        return _render_organisation(request, page, edit_form=form, status=400)
    account_services.organisation_update(
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
            account_services.organisation_invite(
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


# Site pages -----------------------------------------------------------------------------


def _site_page(request, slug, extra=None):
    page = account_selectors.site_page(slug=slug)
    context = {"page": page, "can_edit": is_admin(request.user), **(extra or {})}
    if slug == "guidelines":
        context["guidelines_version"] = settings.GUIDELINES_VERSION
        context["needs_acceptance"] = (
            request.user.is_authenticated
            and request.user.guidelines_version != settings.GUIDELINES_VERSION
        )
    return render(request, "pages/page.html", context)


@require_GET
def help_page(request):
    """The help text, then crisis lines: the viewer's own country's first (or the one
    chosen in the GET form, which works signed out), then the European ones."""
    countries = [
        (code, country_name(code)) for code in moderation_selectors.crisis_countries()
    ]
    chosen = request.GET.get("country", "").upper()
    if chosen not in dict(countries):
        chosen = request.user.country if request.user.is_authenticated else ""
    extra = {
        "crisis_country": chosen,
        "crisis_countries": countries,
        "crisis_resources": moderation_selectors.crisis_resources_for(chosen),
    }
    return _site_page(request, "help", extra)


@require_GET
def guidelines_page(request):
    return _site_page(request, "guidelines")


@require_GET
def privacy_page(request):
    return _site_page(request, "privacy")


@login_required
@require_POST
def guidelines_accept(request):
    account_services.guidelines_accept(user=request.user)
    messages.success(request, _("Thank you for accepting the community guidelines."))
    return redirect("pages:guidelines")


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
    page = account_selectors.site_page_stored(slug=slug, language=language)
    initial = {"title": page.title, "body": page.body} if page else {}
    form = SitePageForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            saved = account_services.site_page_save(
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
            "page_url": reverse(f"pages:{slug}"),
        },
        status=status,
    )


@require_GET
def search(request):
    """Everything the visitor may see that matches; the form works without JavaScript."""
    form = SearchForm(
        request.GET,
        categories=forum_selectors.categories_visible(viewer=request.user),
        organisations=account_selectors.organisation_list(),
    )
    results = None
    status = 200
    if not form.is_valid():
        status = 400
    elif form.cleaned_data["q"].strip():
        results = search_selectors.search(
            viewer=request.user,
            text=form.cleaned_data["q"],
            filters=form.filters(),
            page=page_requested(request),
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pages/search.html",
        {
            "form": form,
            "results": results,
            "query_string": query.urlencode(),
            "pages": page_window(results.page, results.page_count)
            if results and results.page_count > 1
            else [],
        },
        status=status,
    )
