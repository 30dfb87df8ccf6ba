from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import can_moderate, require_moderator
from core.errors import NotFound
from core.forms import form_error_add
from forum import selectors as forum_selectors
from forum.forms import ModerateThreadForm, new_idempotency_key
from forum.models import Post
from forum.views import thread_render
from moderation import events, selectors, services
from moderation.charts import stats_chart
from moderation.forms import (
    AppealDecisionForm,
    AppealForm,
    ApprovalForm,
    CaseActionForm,
    CheckInMessageForm,
    CheckInOpenForm,
    CheckInReportForm,
    FlagForm,
    NoteForm,
    QueueFilterForm,
    ReviewDecisionForm,
    SanctionForm,
    SlowModeForm,
    WatchedWordForm,
    WordRemoveForm,
)
from moderation.models import (
    Action,
    ApprovalState,
    CaseState,
    Flag,
    FlagReason,
    WatchedWord,
)
from moderation.services import checkins as checkin_services


def moderator_required(view):
    """Members, org editors and anonymous visitors get a 403 that says why."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        require_moderator(
            request.user, refusal=_("Only moderators can see the moderation pages.")
        )
        return view(request, *args, **kwargs)

    return wrapper


def _visible_post(request, pk: int) -> Post:
    return forum_selectors.post_get(pk=pk, viewer=request.user)


# Members ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def flag(request, pk: int):
    post = _visible_post(request, pk)
    existing = Flag.objects.filter(post=post, flagger=request.user).first()
    initial = {"reason": existing.reason, "note": existing.note} if existing else {}
    form = FlagForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_create(post=post, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error_add(form, error)
        else:
            return redirect("moderation:flag_thanks", pk=post.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "moderation/flag.html",
        {"post": post, "form": form, "existing": existing},
        status=status,
    )


@login_required
@require_GET
def flag_thanks(request, pk: int):
    flag_row = selectors.flag_own(post_pk=pk, viewer=request.user)
    post = flag_row.post
    resources = []
    if flag_row.reason == FlagReason.HARM:
        # The flagger's own country: the author's would reveal where the author lives,
        # which signup promises other members never see.
        resources = selectors.crisis_resources_for(request.user.country)
    return render(
        request,
        "moderation/flag_thanks.html",
        {"post": post, "flag": flag_row, "resources": resources},
    )


@login_required
@require_GET
def notices(request):
    statements = selectors.statements_for(viewer=request.user)
    page = Paginator(statements, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "moderation/notices.html", {"page": page})


def _notice_page(request, statement, *, by, url: str):
    """The statement and, for its member (`by`), the appeal form posting to `url`."""
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_create(
                statement=statement, by=by, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form_error_add(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your appeal was sent. A different moderator will decide on it."),
            )
            return redirect(url)
    return render(
        request,
        "moderation/notice.html",
        {
            "statement": statement,
            "summary": services.statement_summary(statement),
            "form": form,
            "can_appeal": by is not None and by.pk == statement.user_id,
            "appeal_url": url,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice(request, pk: int):
    statement = selectors.statement_get(pk=pk, viewer=request.user)
    return _notice_page(
        request, statement, by=request.user, url=statement.get_absolute_url()
    )


@never_cache
@require_http_methods(["GET", "POST"])
def statement_link(request, token: str):
    # A suspended member cannot log in: the signed link stands for their session.
    statement = selectors.statement_by_token(token=token)
    return _notice_page(request, statement, by=statement.user, url=request.path)


# Moderators ---------------------------------------------------------------------


@moderator_required
@require_GET
def queue(request):
    default = {"state": CaseState.OPEN, "reason": "", "category": "", "assignee": ""}
    # A link with only ?page= keeps the default filters (open cases).
    form = QueueFilterForm({**default, **request.GET.dict()})
    filters = form.cleaned_data if form.is_valid() else default
    cases = selectors.review_queue(viewer=request.user, **filters)
    page = Paginator(cases, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    # New cases stream into the unfiltered first page only (where they belong).
    is_live = page.number == 1 and filters == default
    return render(
        request,
        "moderation/queue.html",
        {
            "form": form,
            "page": page,
            "is_live": is_live,
            "approval_count": selectors.approval_queue(viewer=request.user).count(),
            "appeal_count": selectors.pending_appeals(viewer=request.user).count(),
        },
    )


def _case_context(request, case, **forms):
    return {
        "case": case,
        "sensitive": selectors.case_is_sensitive(case),
        "warning": selectors.case_content_warning(case),
        "action_form": forms.get("action_form")
        or CaseActionForm(initial={"body": case.post.body}),
        "sanction_form": forms.get("sanction_form") or SanctionForm(),
        "note_form": forms.get("note_form") or NoteForm(),
    }


@moderator_required
@require_GET
def case_detail(request, pk: int):
    case = selectors.case_get(pk=pk, viewer=request.user)
    return render(request, "moderation/case.html", _case_context(request, case))


@moderator_required
@require_GET
def case_row(request, pk: int):
    case = selectors.case_get(pk=pk, viewer=request.user)
    return render(request, "moderation/partials/_case_row.html", {"case": case})


@moderator_required
@require_POST
def case_claim(request, pk: int):
    case = selectors.case_get(pk=pk, viewer=request.user)
    try:
        if request.POST.get("claim") == "0":
            services.case_unclaim(case=case, by=request.user)
        else:
            services.case_claim(case=case, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(case)


@moderator_required
@require_POST
def case_note(request, pk: int):
    case = selectors.case_get(pk=pk, viewer=request.user)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.case_note_add(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error_add(form, error)
        else:
            return redirect(case)
    return render(
        request,
        "moderation/case.html",
        _case_context(request, case, note_form=form),
        status=400,
    )


@moderator_required
@require_POST
def case_act(request, pk: int):
    case = selectors.case_get(pk=pk, viewer=request.user)
    form = CaseActionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        common = {"case": case, "by": request.user, "reason": data["reason"]}
        try:
            if data["action"] == "hide":
                services.case_hide(**common, guideline=data["guideline"])
            elif data["action"] == "restore":
                services.case_restore(**common, guideline=data["guideline"])
            elif data["action"] == "edit_restore":
                services.case_restore(
                    **common, guideline=data["guideline"], body=data["body"]
                )
            elif data["action"] == "dismiss":
                services.case_dismiss(**common)
            else:
                services.case_lock_thread(**common, guideline=data["guideline"])
        except ValidationError as error:
            form_error_add(form, error)
        else:
            messages.success(request, _("Done. The member has been told why."))
            return redirect(case)
    return render(
        request,
        "moderation/case.html",
        _case_context(request, case, action_form=form),
        status=400,
    )


def _sanction(request, form: SanctionForm, user, case=None) -> bool:
    data = form.cleaned_data
    try:
        if data["sanction"] == "lift":
            services.member_sanction_lift(
                user=user, by=request.user, reason=data["reason"]
            )
        else:
            sanction = (
                services.member_silence
                if data["sanction"] == "silence"
                else services.member_suspend
            )
            sanction(
                user=user,
                by=request.user,
                reason=data["reason"],
                guideline=data["guideline"],
                until=form.until(),
                case=case,
            )
    except ValidationError as error:
        form_error_add(form, error)
        return False
    except PermissionDenied as error:
        form.add_error(None, str(error))
        return False
    messages.success(request, _("Done. The member has been told why."))
    return True


@moderator_required
@require_POST
def case_sanction(request, pk: int):
    case = selectors.case_get(pk=pk, viewer=request.user)
    form = SanctionForm(request.POST)
    if case.post.author_id is None:
        raise Http404(_("The author of this post no longer has an account."))
    if form.is_valid() and _sanction(request, form, case.post.author, case):
        return redirect(case)
    return render(
        request,
        "moderation/case.html",
        _case_context(request, case, sanction_form=form),
        status=400,
    )


@moderator_required
@require_http_methods(["GET", "POST"])
def member(request, username: str):
    user = selectors.member_moderation_get(username=username, viewer=request.user)
    form = SanctionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _sanction(request, form, user):
        return redirect("moderation:member", username=user.username)
    entries = selectors.audit_log(viewer=request.user, member=user.username)[:50]
    return render(
        request,
        "moderation/member.html",
        {"member": user, "form": form, "entries": entries},
        status=400 if request.method == "POST" else 200,
    )


@moderator_required
@require_http_methods(["GET", "POST"])
def thread_slow_mode(request, pk: int):
    thread = selectors.thread_for_moderation(pk=pk, viewer=request.user)
    form = SlowModeForm(
        request.POST or None, initial={"minutes": thread.slow_mode_minutes}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.thread_slow_mode_change(
                thread=thread, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_error_add(form, error)
        else:
            messages.success(request, _("Slow mode updated."))
            return redirect(thread)
    return render(
        request,
        "moderation/slow_mode.html",
        {"thread": thread, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@moderator_required
@require_GET
def approval(request):
    items = selectors.approval_queue(viewer=request.user)
    page = Paginator(items, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page:
        item.form = ApprovalForm(initial={"body": item.post.body}, prefix=f"a{item.pk}")
    # New held posts stream into the first page only (the queue is oldest first).
    return render(
        request,
        "moderation/approval.html",
        {
            "page": page,
            "is_live": page.number == 1,
            "review_groups": _review_groups(request.user),
        },
    )


def _review_form(kind: str, pk: int, data=None) -> ReviewDecisionForm:
    return ReviewDecisionForm(data, prefix=events.review_element_id(kind, pk))


def _review_groups(viewer, *, failed=None):
    """Other apps' waiting items, each with its decision form (`failed` re-shown)."""
    groups = selectors.review_pending(viewer=viewer)
    for group in groups:
        for item in group.items:
            item.review_id = events.review_element_id(group.source.kind, item.pk)
            is_failed = failed is not None and failed[0] == item.review_id
            item.review_form = (
                failed[1] if is_failed else _review_form(group.source.kind, item.pk)
            )
    return groups


@moderator_required
@require_POST
def review_decide(request, kind: str, pk: int):
    """Approve or reject an item of another app's review queue (core.review)."""
    form = _review_form(kind, pk, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.review_decide(
                kind=kind,
                pk=pk,
                by=request.user,
                approve=data["decision"] == "approve",
                reason=data["reason"],
                guideline=data["guideline"],
            )
        except NotFound as error:
            messages.info(request, str(error))
            return redirect("moderation:approval")
        except ValidationError as error:
            form_error_add(form, error)
        else:
            messages.success(request, _("Decision saved. The author has been told."))
            return redirect("moderation:approval")
    return render(
        request,
        "moderation/approval.html",
        {
            "page": [],
            "review_only": True,
            "review_groups": _review_groups(
                request.user, failed=(events.review_element_id(kind, pk), form)
            ),
        },
        status=400,
    )


@moderator_required
@require_GET
def approval_row(request, pk: int):
    """One waiting post's row, fetched by the live queue; 404 once it is decided."""
    item = selectors.approval_get(pk=pk, viewer=request.user)
    if item.state != ApprovalState.PENDING:
        raise Http404(_("This post no longer waits for approval."))
    item.form = ApprovalForm(initial={"body": item.post.body}, prefix=f"a{item.pk}")
    return render(request, "moderation/partials/_approval_row.html", {"item": item})


@moderator_required
@require_POST
def approval_decide(request, pk: int):
    item = selectors.approval_get(pk=pk, viewer=request.user)
    form = ApprovalForm(request.POST, prefix=f"a{item.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                services.approval_approve(
                    item=item,
                    by=request.user,
                    body=data["body"],
                    reason=data["reason"],
                    guideline=data["guideline"],
                )
            else:
                services.approval_reject(
                    item=item,
                    by=request.user,
                    reason=data["reason"],
                    guideline=data["guideline"],
                )
        except ValidationError as error:
            form_error_add(form, error)
        else:
            messages.success(request, _("Decision saved. The author has been told."))
            return redirect("moderation:approval")
    item.form = form
    return render(
        request,
        "moderation/approval.html",
        {"page": [item], "single": True},
        status=400,
    )


def _words_page(request, *, form=None, remove_form=None, removing=None, status=200):
    words = list(WatchedWord.objects.all())
    for word in words:
        word.remove_form = (
            remove_form
            if word == removing
            else WordRemoveForm(prefix=f"remove{word.pk}")
        )
    return render(
        request,
        "moderation/words.html",
        {"form": form or WatchedWordForm(), "words": words},
        status=status,
    )


@moderator_required
@require_http_methods(["GET", "POST"])
def words(request):
    form = WatchedWordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.watched_word_add(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error_add(form, error)
        else:
            messages.success(request, _("Watched word saved."))
            return redirect("moderation:words")
    return _words_page(
        request, form=form, status=400 if request.method == "POST" else 200
    )


@moderator_required
@require_POST
def word_delete(request, pk: int):
    word = selectors.watched_word_get(pk=pk, viewer=request.user)
    form = WordRemoveForm(request.POST, prefix=f"remove{word.pk}")
    if form.is_valid():
        try:
            services.watched_word_delete(
                by=request.user, word=word, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form_error_add(form, error)
        else:
            messages.success(request, _("Watched word removed."))
            return redirect("moderation:words")
    return _words_page(request, remove_form=form, removing=word, status=400)


@moderator_required
@require_GET
def appeals(request):
    items = list(selectors.pending_appeals(viewer=request.user))
    for appeal in items:
        appeal.form = AppealDecisionForm(prefix=f"a{appeal.pk}")
    return render(request, "moderation/appeals.html", {"appeals": items})


@moderator_required
@require_POST
def appeal_decide(request, pk: int):
    appeal = selectors.appeal_get(pk=pk, viewer=request.user)
    form = AppealDecisionForm(request.POST, prefix=f"a{appeal.pk}")
    if form.is_valid():
        try:
            services.appeal_decide(
                appeal=appeal,
                by=request.user,
                overturn=form.cleaned_data["decision"] == "overturn",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form_error_add(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Appeal decided. The member has been told."))
            return redirect("moderation:appeals")
    appeal.form = form
    return render(request, "moderation/appeals.html", {"appeals": [appeal]}, status=400)


@moderator_required
@require_GET
def log(request):
    action = request.GET.get("action", "")
    actor = request.GET.get("actor", "").strip()
    member_name = request.GET.get("member", "").strip()
    entries = selectors.audit_log(
        viewer=request.user,
        action=action if action in Action.values else "",
        actor=actor,
        member=member_name,
    )
    page = Paginator(entries, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/log.html",
        {
            "page": page,
            "actions": Action.choices,
            "action": action,
            "actor": actor,
            "member": member_name,
        },
    )


@moderator_required
@require_GET
def stats(request):
    months = selectors.moderation_stats(viewer=request.user)
    return render(
        request,
        "moderation/stats.html",
        {"months": months, "chart": stats_chart(months)},
    )


@require_GET
def transparency(request):
    """Public moderation figures per month (SPEC §4); nothing identifies a case."""
    return render(
        request,
        "moderation/transparency.html",
        {
            "months": selectors.transparency_report(),
            "threshold": selectors.TRANSPARENCY_THRESHOLD,
        },
    )


@require_POST
def thread_moderate(request, pk):
    thread = forum_selectors.thread_get(pk=pk, viewer=request.user)
    require_moderator(request.user)
    form = ModerateThreadForm(request.POST)
    if not form.is_valid():
        return thread_render(request, thread, status=400, moderation_form=form)
    action = form.cleaned_data["action"]
    reason = form.cleaned_data["reason"]
    actions = {
        "lock": (services.thread_lock, _("The thread is locked.")),
        "unlock": (services.thread_unlock, _("The thread is open for replies again.")),
        "pin": (services.thread_pin, _("The thread is pinned.")),
        "unpin": (services.thread_unpin, _("The thread is no longer pinned.")),
    }
    if action == "move":
        thread = services.thread_move(
            thread=thread,
            by=request.user,
            reason=reason,
            category=form.cleaned_data["category"],
        )
        messages.success(request, _("The thread was moved."))
    else:
        service, message = actions[action]
        thread = service(thread=thread, by=request.user, reason=reason)
        messages.success(request, message)
    return redirect(thread.get_absolute_url())


# Private check-ins ------------------------------------------------------------------


def _checkin_context(request, checkin, form=None, report_form=None):
    viewer = request.user
    return {
        "checkin": checkin,
        "chat_messages": selectors.checkin_messages(checkin=checkin),
        "form": form
        or CheckInMessageForm(initial={"idempotency_key": new_idempotency_key()}),
        "report_form": report_form or CheckInReportForm(),
        "can_write": selectors.can_write_checkin(viewer, checkin),
        "is_member": viewer.pk == checkin.member_id,
        "is_opener": viewer.pk == checkin.opened_by_id,
        "can_review": can_moderate(viewer) and viewer.pk != checkin.opened_by_id,
    }


@login_required
@require_GET
def checkins(request):
    rows = selectors.checkins_for(viewer=request.user)
    page = Paginator(rows, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/checkins.html",
        {
            "page": page,
            "can_open": selectors.can_open_checkins(request.user),
            "readable": {
                c.pk for c in page if selectors.can_read_checkin(request.user, c)
            },
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def checkin_new(request):
    if not selectors.can_open_checkins(request.user):
        raise PermissionDenied(
            _("Only moderators and support workers can open a private check-in.")
        )
    if request.method == "GET":
        form = CheckInOpenForm(
            initial={
                "member": request.GET.get("member", ""),
                "case": request.GET.get("case") or None,
            }
        )
        return render(request, "moderation/checkin_new.html", {"form": form})
    form = CheckInOpenForm(request.POST)
    if form.is_valid():
        member = selectors.member_by_username(form.cleaned_data["member"])
        case = None
        if form.cleaned_data.get("case"):
            case = selectors.case_get(pk=form.cleaned_data["case"], viewer=request.user)
        try:
            if member is None:
                raise ValidationError({"member": _("There is no member by this name.")})
            checkin = checkin_services.checkin_open(
                member=member,
                by=request.user,
                reason=form.cleaned_data["reason"],
                case=case,
            )
        except (PermissionDenied, ValidationError) as error:
            form_error_add(form, error)
        else:
            return redirect(checkin)
    return render(request, "moderation/checkin_new.html", {"form": form}, status=400)


@login_required
@require_GET
def checkin_detail(request, pk: int):
    checkin = selectors.checkin_get(pk=pk, viewer=request.user)
    return render(
        request, "moderation/checkin.html", _checkin_context(request, checkin)
    )


@login_required
@require_GET
def checkin_messages(request, pk: int):
    """The messages after `?after=<id>`, for the live script."""
    checkin = selectors.checkin_get(pk=pk, viewer=request.user)
    try:
        after = int(request.GET.get("after", "0"))
    except ValueError:
        after = 0
    return render(
        request,
        "moderation/partials/_checkin_messages.html",
        {
            "chat_messages": selectors.checkin_messages(checkin=checkin, after=after),
            "checkin": checkin,
            "is_member": request.user.pk == checkin.member_id,
        },
    )


@login_required
@require_POST
def checkin_reply(request, pk: int):
    checkin = selectors.checkin_get(pk=pk, viewer=request.user)
    form = CheckInMessageForm(request.POST)
    if form.is_valid():
        try:
            message = checkin_services.checkin_message_send(
                checkin=checkin, by=request.user, **form.cleaned_data
            )
        except (PermissionDenied, ValidationError) as error:
            form_error_add(form, error)
        else:
            return redirect(f"{checkin.get_absolute_url()}#message-{message.pk}")
    return render(
        request,
        "moderation/checkin.html",
        _checkin_context(request, checkin, form=form),
        status=400,
    )


@login_required
@require_POST
def checkin_close(request, pk: int):
    checkin = selectors.checkin_get(pk=pk, viewer=request.user)
    if request.POST.get("ask") == "1":
        checkin_services.checkin_request_close(checkin=checkin, by=request.user)
        messages.success(request, _("You asked for this check-in to be closed."))
    else:
        checkin_services.checkin_close(checkin=checkin, by=request.user)
        messages.success(request, _("The check-in is closed."))
    return redirect(checkin)


@login_required
@require_POST
def checkin_message_report(request, pk: int):
    message = selectors.checkin_message_get(pk=pk, viewer=request.user)
    form = CheckInReportForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    checkin_services.checkin_message_report(message=message, by=request.user, note=note)
    messages.success(
        request, _("Thank you. Another moderator will look at this message.")
    )
    return redirect(message.checkin)


@login_required
@require_POST
def checkin_report_review(request, pk: int):
    message = selectors.checkin_message_get(pk=pk, viewer=request.user)
    checkin_services.checkin_report_review(message=message, by=request.user)
    messages.success(request, _("The report is marked as reviewed."))
    return redirect(message.checkin)
