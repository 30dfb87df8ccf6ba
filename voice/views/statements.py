"""Position statements over HTTP: forms in, one service or selector call, render or
redirect. Every write works without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import can_post, is_network_staff
from core.errors import NotFound
from core.forms import form_error_add
from forum.forms import ReplyForm, new_idempotency_key
from forum.selectors import thread_discussion
from voice.forms import (
    AmendmentForm,
    CorrectionForm,
    CoSignForm,
    DecisionForm,
    EndorsementForm,
    EvidenceForm,
    MoveForm,
    StatementForm,
    TestimonyForm,
)
from voice.models import Statement
from voice.models.statements import STATUS_STEPS
from voice.pdf import statement_pdf
from voice.selectors import statements as selectors
from voice.services import statements as services


def _statement(slug: str, viewer) -> Statement:
    return selectors.statement_get(slug=slug, viewer=viewer)


@require_GET
def statement_list(request):
    return render(
        request,
        "voice/statement_list.html",
        {
            "statements": selectors.statement_list(viewer=request.user),
            "can_create": is_network_staff(request.user),
        },
    )


def _detail_context(request, statement: Statement, **forms) -> dict:
    viewer = request.user
    page = selectors.statement_page(statement=statement, viewer=viewer)
    staff = is_network_staff(viewer)
    context = {
        "page": page,
        "statement": statement,
        "is_staff": staff,
        "next_steps": STATUS_STEPS[statement.status] if staff else (),
        # A refused testimony is shown again with its text, whatever the step.
        "can_testify": (statement.is_in_consultation and can_post(viewer))
        or "testimony_form" in forms,
        "can_cosign": statement.is_open_for_endorsement and can_post(viewer),
        "can_endorse": statement.is_open_for_endorsement
        and selectors.endorsing_organisations(
            viewer=viewer, statement=statement
        ).exists(),
        "own_endorsements": selectors.own_endorsements(
            viewer=viewer, statement=statement
        )
        if statement.is_open_for_endorsement
        else [],
        "testimony_form": forms.get("testimony_form") or TestimonyForm(),
        "cosign_form": forms.get("cosign_form")
        or CoSignForm(
            initial={
                "show_username": page.own_cosignature
                and page.own_cosignature.show_username
            }
        ),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
        "move_error": forms.get("move_error"),
    }
    return context


@require_GET
def statement_detail(request, slug):
    statement = _statement(slug, request.user)
    return render(
        request, "voice/statement_detail.html", _detail_context(request, statement)
    )


def _statement_data(cleaned: dict) -> dict:
    return {
        key: value
        for key, value in cleaned.items()
        if key not in ("note", "idempotency_key")
    }


@login_required
@require_http_methods(["GET", "POST"])
def statement_create(request):
    if not is_network_staff(request.user):
        raise PermissionDenied(_("Only network staff can start a statement."))
    form = StatementForm(
        request.POST if request.method == "POST" else None,
        initial={"idempotency_key": new_idempotency_key()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            statement = services.statement_create(
                by=request.user,
                data=_statement_data(form.cleaned_data),
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except (ValidationError, PermissionDenied) as error:
            form_error_add(form, error)
        else:
            messages.success(request, _("Draft saved."))
            return redirect(statement)
    return render(
        request,
        "voice/statement_form.html",
        {"form": form, "statement": None},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement_edit(request, slug):
    statement = _statement(slug, request.user)
    if not is_network_staff(request.user):
        raise PermissionDenied(_("Only network staff can edit a statement."))
    correcting = statement.is_published
    form_class = CorrectionForm if correcting else StatementForm
    body = "\n\n".join(p.text for p in statement.paragraphs.all())
    initial = {"body": body}
    if not correcting:
        initial.update(
            {field: getattr(statement, field) for field in services.META_FIELDS}
        )
    form = form_class(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if not correcting:
        # What a statement translates is chosen when it is started.
        del form.fields["translation_of"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if correcting:
                services.statement_correct(
                    statement=statement,
                    by=request.user,
                    body=data["body"],
                    note=data["note"],
                )
            else:
                services.statement_update(
                    statement=statement,
                    by=request.user,
                    data=_statement_data(data),
                    note=data["note"],
                )
        except (ValidationError, PermissionDenied) as error:
            form_error_add(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(statement)
    return render(
        request,
        "voice/statement_form.html",
        {"form": form, "statement": statement, "correcting": correcting},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def statement_move(request, slug):
    statement = _statement(slug, request.user)
    form = MoveForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.statement_move(
                statement=statement,
                by=request.user,
                to_status=form.cleaned_data["to_status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            statement.refresh_from_db()
            messages.success(
                request,
                _("The statement is now: %(status)s.")
                % {"status": statement.get_status_display()},
            )
            return redirect(statement)
    else:
        error = _("Choose a step.")
    return _detail_refused(request, statement, move_error=error)


@require_GET
def statement_history(request, slug):
    statement = _statement(slug, request.user)
    revisions = selectors.revisions_of(statement=statement)
    diff = old = new = None
    if request.GET.get("a") and request.GET.get("b"):
        try:
            old = selectors.revision_get(
                statement=statement, number=int(request.GET["a"])
            )
            new = selectors.revision_get(
                statement=statement, number=int(request.GET["b"])
            )
        except (ValueError, NotFound):
            messages.error(request, _("Choose two revisions of this statement."))
        else:
            diff = selectors.revision_diff(old=old, new=new)
    return render(
        request,
        "voice/statement_history.html",
        {
            "statement": statement,
            "revisions": revisions,
            "diff": diff,
            "old": old,
            "new": new,
        },
    )


def _paragraph_context(request, statement, paragraph, amendment_form=None) -> dict:
    viewer = request.user
    context = {"thread": None}
    discussion = thread_discussion(thread=paragraph.thread, viewer=viewer)
    if discussion is not None:
        reply_form = None
        if discussion.accepts_replies and statement.is_in_consultation:
            reply_form = ReplyForm(initial={"idempotency_key": new_idempotency_key()})
        context = {**vars(discussion), "reply_form": reply_form}
    organisations = selectors.editor_organisations(viewer=viewer)
    can_amend = statement.is_in_consultation and organisations.exists()
    context.update(
        statement=statement,
        paragraph=paragraph,
        amendments=selectors.paragraph_amendments(paragraph=paragraph),
        is_staff=is_network_staff(viewer),
        can_amend=can_amend,
        amendment_form=amendment_form
        or (
            AmendmentForm(organisations=organisations, initial={"text": paragraph.text})
            if can_amend
            else None
        ),
    )
    return context


@require_GET
def paragraph_detail(request, slug, key):
    statement = _statement(slug, request.user)
    paragraph = selectors.paragraph_get(statement=statement, key=key)
    return render(
        request,
        "voice/statement_paragraph.html",
        _paragraph_context(request, statement, paragraph),
    )


@login_required
@require_POST
def amendment_propose(request, slug, key):
    statement = _statement(slug, request.user)
    paragraph = selectors.paragraph_get(statement=statement, key=key)
    form = AmendmentForm(
        request.POST, organisations=selectors.editor_organisations(viewer=request.user)
    )
    if form.is_valid():
        try:
            services.amendment_propose(
                paragraph=paragraph,
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, PermissionDenied) as error:
            form_error_add(form, error)
        else:
            messages.success(
                request, _("Amendment proposed. Network staff will decide on it.")
            )
            return redirect(paragraph)
    return render(
        request,
        "voice/statement_paragraph.html",
        _paragraph_context(request, statement, paragraph, amendment_form=form),
        status=400,
    )


@login_required
@require_POST
def amendment_decide(request, slug, pk):
    statement = _statement(slug, request.user)
    amendment = statement.amendments.filter(pk=pk).select_related("paragraph").first()
    if amendment is None:
        raise NotFound(_("No such amendment."))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or decline."))
    else:
        try:
            services.amendment_decide(
                amendment=amendment,
                by=request.user,
                accept=form.cleaned_data["accept"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Decision recorded."))
    if amendment.paragraph is not None:
        return redirect(amendment.paragraph)
    return redirect(statement)


@login_required
@require_http_methods(["GET", "POST"])
def statement_endorse(request, slug):
    statement = _statement(slug, request.user)
    organisations = selectors.endorsing_organisations(
        viewer=request.user, statement=statement
    )
    form = EndorsementForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.endorsement_create(
                statement=statement,
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                text=form.cleaned_data["text"],
            )
        except (ValidationError, PermissionDenied) as error:
            form_error_add(form, error)
        else:
            messages.success(
                request,
                _("%(organisation)s endorses this statement.")
                % {"organisation": form.cleaned_data["organisation"].name},
            )
            return redirect(statement)
    return render(
        request,
        "voice/statement_endorse.html",
        {
            "statement": statement,
            "form": form,
            "is_open": statement.is_open_for_endorsement,
            "has_organisations": organisations.exists(),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def endorsement_withdraw(request, slug, pk):
    statement = _statement(slug, request.user)
    endorsement = (
        statement.endorsements.model.objects.filter(
            pk=pk, statement_id=statement.endorsed_statement_id
        )
        .select_related("organisation", "statement")
        .first()
    )
    if endorsement is None:
        raise NotFound(_("No such endorsement."))
    try:
        services.endorsement_withdraw(endorsement=endorsement, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The endorsement is withdrawn."))
    return redirect(statement)


@login_required
@require_POST
def statement_cosign(request, slug):
    statement = _statement(slug, request.user)
    form = CoSignForm(request.POST)
    form.is_valid()
    try:
        if request.POST.get("withdraw"):
            services.cosignature_withdraw(statement=statement, by=request.user)
            messages.success(request, _("Your co-signature is withdrawn."))
        else:
            services.cosignature_set(
                statement=statement,
                by=request.user,
                show_username=form.cleaned_data.get("show_username", False),
            )
            messages.success(request, _("Thank you for co-signing."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(statement)


def _detail_refused(request, statement: Statement, **context):
    """The statement page again (400), with what was refused and what was typed."""
    return render(
        request,
        "voice/statement_detail.html",
        _detail_context(request, statement, **context),
        status=400,
    )


@login_required
@require_POST
def testimony_submit(request, slug):
    statement = _statement(slug, request.user)
    form = TestimonyForm(request.POST)
    if form.is_valid():
        try:
            services.testimony_submit(
                statement=statement,
                by=request.user,
                text=form.cleaned_data["text"],
                pseudonym=form.cleaned_data["pseudonym"],
            )
        except (ValidationError, PermissionDenied) as error:
            form_error_add(form, error)
        else:
            messages.success(
                request,
                _("Thank you. A moderator will read your testimony before it appears."),
            )
            return redirect(statement.get_absolute_url() + "#testimonies")
    return _detail_refused(request, statement, testimony_form=form)


def _testimony(statement: Statement, pk: int):
    testimony = statement.testimonies.filter(pk=pk).first()
    if testimony is None:
        raise NotFound(_("No such testimony."))
    return testimony


@login_required
@require_POST
def testimony_withdraw(request, slug, pk):
    statement = _statement(slug, request.user)
    services.testimony_withdraw(testimony=_testimony(statement, pk), by=request.user)
    messages.success(request, _("Your testimony is withdrawn and deleted."))
    return redirect(statement)


@login_required
@require_POST
def testimony_choose(request, slug, pk):
    statement = _statement(slug, request.user)
    try:
        services.testimony_choose(
            testimony=_testimony(statement, pk),
            by=request.user,
            is_chosen=request.POST.get("is_chosen") == "1",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(statement.get_absolute_url() + "#testimonies")


@login_required
@require_POST
def evidence_add(request, slug):
    statement = _statement(slug, request.user)
    form = EvidenceForm(request.POST)
    if form.is_valid():
        try:
            services.evidence_add(
                statement=statement,
                by=request.user,
                url=form.cleaned_data["url"],
                label=form.cleaned_data["label"],
            )
        except (ValidationError, PermissionDenied) as error:
            form_error_add(form, error)
        else:
            return redirect(statement.get_absolute_url() + "#evidence")
    return _detail_refused(request, statement, evidence_form=form)


@login_required
@require_POST
def evidence_remove(request, slug, pk):
    statement = _statement(slug, request.user)
    link = statement.evidence.filter(pk=pk).first()
    if link is None:
        raise NotFound(_("No such link."))
    try:
        services.evidence_remove(link=link, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(statement.get_absolute_url() + "#evidence")


@require_GET
def statement_pdf_download(request, slug):
    statement = _statement(slug, request.user)
    page = selectors.statement_page(statement=statement, viewer=None)
    # Only the testimonies staff chose go out with the document, at every stage.
    page.testimonies = [t for t in page.testimonies if t.is_chosen]
    response = HttpResponse(statement_pdf(page), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{statement.slug}.pdf"'
    return response
