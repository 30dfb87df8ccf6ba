"""Recovery stories over HTTP: the public list, page and feed; a member's form and list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import form_error_add
from core.text import render_markdown
from voice.forms_stories import StoryFilterForm, StoryForm, new_idempotency_key
from voice.identifiability import identifiability_hints
from voice.models import STORY_CONSENT_VERSION
from voice.selectors.stories import (
    StoryFilters,
    StoryGone,
    stories_own,
    stories_published,
    story_own_get,
    story_public_get,
)
from voice.services import stories as story_services

PAGE_SIZE = 20


@require_GET
def story_list(request):
    form = StoryFilterForm(request.GET)
    # Bad filter values give the whole list with the form's errors, never a 500.
    filters = StoryFilters(**form.cleaned_data) if form.is_valid() else StoryFilters()
    stories = stories_published(filters=filters)
    page = Paginator(stories, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "voice/stories.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=200 if form.is_valid() else 400,
    )


@require_GET
def story_detail(request, pk: int):
    try:
        story = story_public_get(pk=pk)
    except StoryGone as gone:
        return render(
            request, "voice/story_gone.html", {"message": str(gone)}, status=410
        )
    return render(request, "voice/story_detail.html", {"story": story})


def _form_page(request, form: StoryForm, *, status: int = 200, preview=None):
    return render(
        request,
        "voice/story_form.html",
        {
            "form": form,
            "preview": preview,
            "consent_version": STORY_CONSENT_VERSION,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def story_new(request):
    if request.method == "GET":
        form = StoryForm(
            initial={
                "idempotency_key": new_idempotency_key(),
                "language": request.LANGUAGE_CODE,
                "country": request.user.country,
            }
        )
        return _form_page(request, form)
    form = StoryForm(request.POST)
    is_valid = form.is_valid()
    data = form.cleaned_data
    if "preview" in request.POST:
        # Read only: the hints and the preview are shown and forgotten. An unfinished
        # form still gets them, with its errors.
        title, body = data.get("title", ""), data.get("body", "")
        preview = {
            "title": title,
            "html": render_markdown(body),
            "hints": identifiability_hints(f"{title}\n{body}"),
        }
        return _form_page(
            request, form, preview=preview, status=200 if is_valid else 400
        )
    if not is_valid:
        return _form_page(request, form, status=400)
    try:
        story_services.story_submit(by=request.user, **data)
    except (ValidationError, PermissionDenied) as error:
        form_error_add(form, error)
        return _form_page(request, form, status=400)
    messages.success(
        request,
        _(
            "Thank you for sharing your story. A moderator will read it before it is "
            "shown; you can withdraw it at any time from this page."
        ),
    )
    return redirect("stories:mine")


@login_required
@require_POST
def story_hints(request):
    """The identifiability hints for the text being typed (static/js/story-hints.js).

    Read only, like the preview: the text is checked and forgotten, never stored.
    """
    text = f"{request.POST.get('title', '')}\n{request.POST.get('body', '')}"
    return render(
        request,
        "voice/partials/_story_hints.html",
        {"hints": identifiability_hints(text[:50_000]), "checked": True},
    )


@login_required
@require_GET
def stories_mine(request):
    return render(
        request,
        "voice/stories_mine.html",
        {"stories": stories_own(viewer=request.user)},
    )


@login_required
@require_POST
def story_withdraw(request, pk: int):
    story = story_own_get(pk=pk, viewer=request.user)
    story_services.story_withdraw(story=story, by=request.user)
    messages.success(request, _("Your story is withdrawn. It is no longer shown."))
    return redirect("stories:mine")
