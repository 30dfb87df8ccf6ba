from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import is_member
from core.forms import form_error_add
from core.languages import language_default_for
from exchange import selectors, services
from exchange.filters import PracticeFilters
from exchange.forms import ExchangeFilterForm, ExperienceForm, PracticeForm
from exchange.models import Practice
from exchange.presenters import (
    active_filters,
    compare_rows,
    current_content,
    field_texts,
)
from forum.forms import ReplyForm, new_idempotency_key
from forum.selectors import thread_discussion
from forum.services import RateLimited


@require_GET
def practice_list(request):
    form = ExchangeFilterForm(request.GET)
    search = None
    if form.is_valid():
        filters = PracticeFilters.from_cleaned(form.cleaned_data)
        search = selectors.practice_search(
            filters=filters, page=request.GET.get("page")
        )
    context = {
        "form": form,
        "search": search,
        "active_filters": active_filters(request.GET, form),
        "can_create": selectors.editor_organisations(viewer=request.user).exists(),
        "feed_query": request.GET.urlencode(),
    }
    return render(
        request, "exchange/practice_list.html", context, status=200 if search else 400
    )


def _get_practice(slug: str, viewer) -> Practice:
    return selectors.practice_get(slug=slug, viewer=viewer)


def _discussion_context(practice: Practice, viewer) -> dict:
    """The write-up's live thread, as the thread page's partials and script expect it."""
    discussion = thread_discussion(thread=practice.thread, viewer=viewer)
    if discussion is None:
        return {"thread": None}
    reply_form = None
    if discussion.accepts_replies:
        reply_form = ReplyForm(
            initial={
                "idempotency_key": new_idempotency_key(),
                "language": language_default_for(viewer),
            }
        )
    return {**vars(discussion), "reply_form": reply_form}


def _detail_context(request, practice: Practice, experience_form=None) -> dict:
    viewer = request.user
    organisations = selectors.experience_organisations(practice=practice, viewer=viewer)
    if experience_form is None:
        experience_form = ExperienceForm(
            organisations=organisations,
            initial={
                "idempotency_key": new_idempotency_key(),
                "language": language_default_for(viewer),
            },
        )
    context = _discussion_context(practice, viewer)
    context.update(
        practice=practice,
        can_edit=services.can_edit_practice(viewer, practice),
        can_see_contact=is_member(viewer),
        experiences=selectors.practice_experiences(practice=practice),
        experience_form=experience_form,
        can_report_experience=practice.is_published
        and context["thread"] is not None
        and organisations.exists(),
    )
    return context


@require_GET
def practice_detail(request, slug):
    practice = _get_practice(slug, request.user)
    return render(
        request, "exchange/practice_detail.html", _detail_context(request, practice)
    )


def _content(cleaned: dict) -> dict:
    return {
        name: value
        for name, value in cleaned.items()
        if name not in ("organisation", "expected_version")
    }


@login_required
@require_http_methods(["GET", "POST"])
def practice_create(request):
    organisations = selectors.editor_organisations(viewer=request.user)
    if not organisations.exists():
        raise PermissionDenied(
            _("Only editors of a member organisation can write up programmes.")
        )
    data = request.POST if request.method == "POST" else None
    form = PracticeForm(
        data,
        organisations=organisations,
        initial={"language": language_default_for(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.practice_create(
                organisation=form.cleaned_data["organisation"],
                by=request.user,
                data=_content(form.cleaned_data),
            )
        except ValidationError as error:
            form_error_add(form, error)
        else:
            messages.success(
                request,
                _(
                    "Draft saved. This is its preview: only your organisation's "
                    "editors can see it until you publish it."
                ),
            )
            return redirect(practice)
    return render(
        request,
        "exchange/practice_form.html",
        {"form": form, "practice": None},
        status=400 if form.is_bound else 200,
    )


def _same(stored, typed) -> bool:
    if isinstance(stored, list | tuple):
        return sorted(stored) == sorted(typed or ())
    return (stored or "") == (typed or "")


def _conflict_form(request, practice: Practice, error: ValidationError):
    """After a refused stale edit: what the editor typed, now based on the current
    version, and the current saved text of each field changed meanwhile that differs."""
    data = request.POST.copy()
    typed_version = data.get("expected_version", "")
    data["expected_version"] = str(practice.version)
    form = PracticeForm(data)
    form.is_valid()
    form.add_error(None, error)
    changed = None
    if typed_version.isdigit():
        changed = selectors.practice_changed_since(
            practice=practice, version=int(typed_version)
        )
    stored = current_content(practice)
    typed = getattr(form, "cleaned_data", {})
    names = [
        name
        for name in services.EDITABLE_FIELDS
        if (changed is None or name in changed)
        and not _same(stored[name], typed.get(name))
    ]
    return form, field_texts(stored, names)


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request, slug):
    practice = _get_practice(slug, request.user)
    if not services.can_edit_practice(request.user, practice):
        raise PermissionDenied(
            _("Only editors of %(organisation)s can edit this write-up.")
            % {"organisation": practice.organisation.name}
        )
    conflicts = []
    if request.method == "POST":
        form = PracticeForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                services.practice_update(
                    practice=practice,
                    by=request.user,
                    data=_content(form.cleaned_data),
                    expected_version=form.cleaned_data["expected_version"] or 0,
                )
            except ValidationError as error:
                if getattr(error, "code", None) == "conflict":
                    practice = _get_practice(slug, request.user)
                    form, conflicts = _conflict_form(request, practice, error)
                    status = 409
                else:
                    form_error_add(form, error)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect(practice)
    else:
        initial = current_content(practice)
        initial["expected_version"] = practice.version
        form = PracticeForm(initial=initial)
        status = 200
    return render(
        request,
        "exchange/practice_form.html",
        {"form": form, "practice": practice, "conflicts": conflicts},
        status=status,
    )


@login_required
@require_POST
def practice_publish(request, slug):
    practice = _get_practice(slug, request.user)
    was_draft = practice.is_draft
    try:
        practice = services.practice_publish(practice=practice, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(practice)
    messages.success(
        request,
        _("The write-up is published and its discussion is open.")
        if was_draft
        else _("The write-up is published again."),
    )
    return redirect(practice)


@login_required
@require_POST
def practice_archive(request, slug):
    practice = _get_practice(slug, request.user)
    try:
        practice = services.practice_archive(practice=practice, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The write-up is archived: it stays readable at its address but is no "
              "longer listed."),
        )  # fmt: skip
    return redirect(practice)


@login_required
@require_POST
def practice_review(request, slug):
    practice = _get_practice(slug, request.user)
    practice = services.practice_mark_reviewed(practice=practice, by=request.user)
    messages.success(request, _("Marked as reviewed today."))
    return redirect(practice)


def _history_practice(request, slug: str) -> Practice:
    practice = _get_practice(slug, request.user)
    if not services.can_edit_practice(request.user, practice):
        raise PermissionDenied(
            _("The revision history is kept for the organisation's editors.")
        )
    return practice


@login_required
@require_GET
def practice_history(request, slug):
    practice = _history_practice(request, slug)
    revisions = selectors.practice_revisions(practice=practice)
    for revision in revisions:
        revision.changed_labels = [
            field.label for field in field_texts({}, revision.changed_fields)
        ]
    return render(
        request,
        "exchange/practice_history.html",
        {"practice": practice, "revisions": revisions},
    )


@login_required
@require_GET
def practice_revision(request, slug, version):
    practice = _history_practice(request, slug)
    revision = selectors.practice_revision(practice=practice, version=version)
    return render(
        request,
        "exchange/practice_revision.html",
        {
            "practice": practice,
            "revision": revision,
            "fields": field_texts(revision.content, services.EDITABLE_FIELDS),
        },
    )


@login_required
@require_POST
def experience_create(request, slug):
    practice = _get_practice(slug, request.user)
    organisations = selectors.experience_organisations(
        practice=practice, viewer=request.user
    )
    form = ExperienceForm(request.POST, organisations=organisations)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            experience = services.experience_create(
                practice=practice,
                by=request.user,
                organisation=data["organisation"],
                country=data["country"],
                period=data["period"],
                adapted=data["adapted"],
                results=data["results"],
                recommendation=data["recommendation"],
                idempotency_key=data["idempotency_key"],
                language=data["language"],
            )
        except RateLimited as error:
            form.add_error(None, str(error))
            status = 429
        except PermissionDenied as error:
            form.add_error(None, str(error))
            status = 403
        except ValidationError as error:
            form_error_add(form, error)
        else:
            if experience.post.is_published:
                messages.success(request, _("Thank you: your experience is listed."))
            else:
                messages.info(
                    request,
                    _("Thank you: your experience will be listed once a moderator "
                      "has approved it."),
                )  # fmt: skip
            return redirect(practice.get_absolute_url() + "#experiences")
    return render(
        request,
        "exchange/practice_detail.html",
        _detail_context(request, practice, experience_form=form),
        status=status,
    )


@require_GET
def practice_compare(request):
    slugs = [slug.strip()[:120] for slug in request.GET.getlist("p") if slug.strip()]
    slugs = list(dict.fromkeys(slugs))
    # The selection is shown back on every answer, errors included, so it can be fixed.
    practices, missing = selectors.practices_compared(
        slugs=slugs[: selectors.MAX_SELECTION_SHOWN], viewer=request.user
    )
    context = {"practices": practices, "missing": missing, "rows": [], "error": ""}
    if not 2 <= len(slugs) <= selectors.MAX_COMPARED:
        context["error"] = _(
            "Choose two to four write-ups to compare (you chose %(count)d)."
        ) % {"count": len(slugs)}
        return render(request, "exchange/practice_compare.html", context, status=400)
    if missing:
        return render(request, "exchange/practice_compare.html", context, status=404)
    context["rows"] = compare_rows(practices)
    return render(request, "exchange/practice_compare.html", context)
