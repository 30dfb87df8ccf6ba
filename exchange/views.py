from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import can_moderate, can_post, is_member
from core.forms import form_error_add
from exchange import selectors, services
from exchange.choices import (
    FACET_LABELS,
    EvidenceLevel,
    Readiness,
)
from exchange.filters import MULTI_PARAMS, PracticeFilters
from exchange.forms import ExchangeFilterForm, ExperienceForm, PracticeForm
from exchange.models import Practice
from forum.forms import ReplyForm, new_idempotency_key
from forum.selectors import (
    page_count_for,
    post_prototypes,
    posts_for_viewer,
    thread_page,
    thread_visible_to,
)
from forum.services import RateLimited, reply_refusal


@dataclass
class ActiveFilter:
    label: str
    value: str
    remove_url: str


def _chip_values(query: QueryDict, form: ExchangeFilterForm, param: str) -> list[str]:
    """What the search used for `param`: its cleaned values, once each. A value the form
    refused is shown as typed, so that its chip can remove it."""
    if param in form.errors or not hasattr(form, "cleaned_data"):
        raw = [query.get(param, "")] if param == "q" else query.getlist(param)
        values = [value.strip() for value in raw]
    else:
        cleaned = form.cleaned_data.get(param)
        values = [cleaned] if param == "q" else list(cleaned or ())
    return [value for value in dict.fromkeys(values) if value]


def _normalised(field, value: str) -> str:
    value = value.strip()
    if getattr(field, "upper", False):
        return value.upper()
    if getattr(field, "lower", False):
        return value.lower()
    return value


def _active_filters(query: QueryDict, form: ExchangeFilterForm) -> list[ActiveFilter]:
    """One entry per filter value the search applies, each with the URL that drops it."""
    labels = {param: FACET_LABELS[kind] for param, kind in MULTI_PARAMS.items()}
    labels |= {
        "evidence": dict(EvidenceLevel.choices),
        "readiness": dict(Readiness.choices),
    }
    active = []
    for param in ("q", *MULTI_PARAMS, "evidence", "readiness", "organisation", "tag"):
        field = form.fields[param]
        for value in _chip_values(query, form, param):
            rest = query.copy()
            rest.pop("page", None)
            if param == "q":
                rest.pop("q")
            else:
                rest.setlist(
                    param,
                    [v for v in rest.getlist(param) if _normalised(field, v) != value],
                )
            lookup = value.upper() if param == "country" else value.lower()
            active.append(
                ActiveFilter(
                    label=str(field.label),
                    value=str(labels.get(param, {}).get(lookup, value))[:100],
                    remove_url="?" + rest.urlencode(),
                )
            )
    return active


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
        "active_filters": _active_filters(request.GET, form),
        "can_create": selectors.editor_organisations(viewer=request.user).exists(),
        "feed_query": request.GET.urlencode(),
    }
    return render(
        request, "exchange/practice_list.html", context, status=200 if search else 400
    )


def _get_practice(slug: str, viewer) -> Practice:
    practice = selectors.practice_get(slug=slug, viewer=viewer)
    if practice is None:
        raise Http404(_("No write-up with this address."))
    return practice


def _discussion_context(request, practice: Practice) -> dict:
    """The discussion thread's last page, with the thread page's hooks and reply form."""
    viewer = request.user
    thread = practice.thread
    if thread is None or not thread_visible_to(thread, viewer):
        return {"thread": None}
    page = page_count_for(thread)
    posts = thread_page(thread=thread, viewer=viewer, page=page)
    posts_for_viewer(posts, thread=thread, viewer=viewer)
    refusal = reply_refusal(thread, viewer)
    can_reply = can_post(viewer) and not refusal
    return {
        "thread": thread,
        "posts": posts,
        "page": page,
        "can_moderate": can_moderate(viewer),
        "accepts_replies": can_reply,
        "post_prototypes": post_prototypes(thread=thread, viewer=viewer),
        "reply_refusal": refusal,
        "reply_form": ReplyForm(initial={"idempotency_key": new_idempotency_key()})
        if can_reply
        else None,
    }


def _detail_context(request, practice: Practice, experience_form=None) -> dict:
    viewer = request.user
    organisations = selectors.experience_organisations(practice=practice, viewer=viewer)
    if experience_form is None:
        experience_form = ExperienceForm(
            organisations=organisations,
            initial={"idempotency_key": new_idempotency_key()},
        )
    context = _discussion_context(request, practice)
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
    form = PracticeForm(data, organisations=organisations)
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


@dataclass
class FieldText:
    name: str
    label: str
    text: str


def _current_content(practice: Practice) -> dict:
    """The write-up's editable content, keyed like the form (reads prefetched rows)."""
    content = {
        name: getattr(practice, name)
        for name in services.TEXT_FIELDS
        + services.CHOICE_FIELDS
        + services.NARRATIVE_FIELDS
    }
    for name, kind in services.MULTI_FIELDS.items():
        content[name] = practice.facet_values(kind)
    content["tags"] = sorted(tag.name for tag in practice.tags.all())
    return content


def _field_texts(content: dict, names) -> list[FieldText]:
    """Stored content as an editor reads it: form labels, option labels, tags joined."""
    choices = {
        "evidence_level": dict(EvidenceLevel.choices),
        "readiness": dict(Readiness.choices),
    }
    rows = []
    for name in names:
        value = content.get(name)
        if name in services.MULTI_FIELDS:
            labels = FACET_LABELS[services.MULTI_FIELDS[name]]
            text = ", ".join(str(labels.get(v, v)) for v in value or ())
        elif name == "tags":
            text = ", ".join(value or ())
        elif name in choices:
            text = str(choices[name].get(value, value or ""))
        else:
            text = value or ""
        field = PracticeForm.base_fields.get(name)
        label = str(field.label) if field else name
        rows.append(FieldText(name=name, label=label, text=text))
    return rows


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
    stored = _current_content(practice)
    typed = getattr(form, "cleaned_data", {})
    names = [
        name
        for name in services.EDITABLE_FIELDS
        if (changed is None or name in changed)
        and not _same(stored[name], typed.get(name))
    ]
    return form, _field_texts(stored, names)


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
        initial = _current_content(practice)
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
            field.label for field in _field_texts({}, revision.changed_fields)
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
    if revision is None:
        raise Http404(_("This write-up has no such earlier version."))
    return render(
        request,
        "exchange/practice_revision.html",
        {
            "practice": practice,
            "revision": revision,
            "fields": _field_texts(revision.content, services.EDITABLE_FIELDS),
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


@dataclass
class CompareRow:
    label: str
    cells: list
    is_html: bool = False


def _compare_rows(practices: list[Practice]) -> list[CompareRow]:
    def joined(values):
        return ", ".join(values) or "—"

    rows = [
        CompareRow(_("Organisation"), [p.organisation.name for p in practices]),
        CompareRow(_("Summary"), [p.summary for p in practices]),
        CompareRow(_("Areas"), [joined(p.area_labels) for p in practices]),
        CompareRow(_("Target group"), [p.target_group or "—" for p in practices]),
        CompareRow(
            _("Tags"), [joined(t.name for t in p.tags.all()) for p in practices]
        ),
        CompareRow(
            pgettext("where a programme runs", "Settings"),
            [joined(p.setting_labels) for p in practices],
        ),
        CompareRow(_("Countries"), [joined(p.country_labels) for p in practices]),
        CompareRow(_("Languages"), [joined(p.language_labels) for p in practices]),
        CompareRow(
            _("Evidence level"), [p.get_evidence_level_display() for p in practices]
        ),
        CompareRow(_("Readiness"), [p.get_readiness_display() for p in practices]),
        CompareRow(
            _("Implemented by other organisations"),
            [str(p.implemented_count) for p in practices],
        ),
        CompareRow(
            _("Last reviewed"),
            [p.reviewed_on.isoformat() if p.reviewed_on else "—" for p in practices],
        ),
    ]
    for name in services.NARRATIVE_FIELDS:
        label = Practice._meta.get_field(name).verbose_name
        rows.append(
            CompareRow(
                str(label).capitalize(),
                [getattr(p, f"{name}_html") for p in practices],
                is_html=True,
            )
        )
    return rows


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
    context["rows"] = _compare_rows(practices)
    return render(request, "exchange/practice_compare.html", context)
