import difflib
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import can_moderate, can_post, is_member
from accounts.selectors import organisation_get
from accounts.services import is_blocked_between, notifications_mark_read_about
from core.errors import NotFound
from core.forms import easy_read_apply, form_error_add
from core.languages import interface_languages, language_default_for, written_languages
from forum import selectors, services
from forum.forms import (
    EditForm,
    FollowForm,
    ModerateThreadForm,
    ReactionForm,
    ReplyForm,
    ThreadForm,
    new_idempotency_key,
)
from forum.models import FollowLevel, Post, PostStatus, Thread
from forum.pagination import page_requested, page_window
from forum.services.threads import app_owned_refusal


def _status_for(error: Exception) -> int:
    if isinstance(error, services.RateLimited):
        return 429
    if isinstance(error, PermissionDenied):
        return 403
    return 400


def _post_url(post: Post) -> str:
    """SPEC §4: /t/<id>/<slug>/?page=N#post-<id>, the page named even when it is 1."""
    return f"{post.thread.get_absolute_url()}?page={post.page_number}#post-{post.pk}"


@require_GET
def category(request, slug):
    category = selectors.category_get(slug=slug, viewer=request.user)
    language = request.GET.get("lang", "")
    if language not in written_languages():
        language = ""
    # The site's languages, and one another link asked for: no query to list them.
    languages = list(dict.fromkeys([*interface_languages(), *filter(None, [language])]))
    listing = selectors.category_threads(
        category=category,
        viewer=request.user,
        page=page_requested(request),
        language=language,
    )
    return render(
        request,
        "forum/category.html",
        {
            "category": category,
            "listing": listing,
            "page_numbers": page_window(listing.page, listing.page_count),
            "can_start": can_post(request.user) and not category.is_app_owned,
            "follow": selectors.follow_control(viewer=request.user, category=category),
            "follow_url": reverse("forum:category_follow", kwargs={"slug": slug}),
            "languages": languages,
            "language": language,
            "query": urlencode({"lang": language}) if language else "",
        },
    )


def _render_thread_form(request, category, form, status=200):
    easy_read_apply(form, request.user)
    return render(
        request,
        "forum/thread_new.html",
        {
            "category": category,
            "form": form,
            "tag_suggestions": selectors.tags_suggested(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def thread_new(request, slug):
    category = selectors.category_get(slug=slug, viewer=request.user)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "GET":
        try:
            services.require_poster(request.user)
            if category.is_app_owned:
                raise PermissionDenied(app_owned_refusal())
        except PermissionDenied as error:
            # A form they cannot send would only lose what they typed: say why instead.
            return render(
                request,
                "forum/thread_new_refused.html",
                {
                    "category": category,
                    "reason": str(error),
                    "needs_confirmation": not request.user.has_confirmed_email,
                },
                status=403,
            )
        form = ThreadForm(
            initial={
                "idempotency_key": new_idempotency_key(),
                "language": language_default_for(request.user),
            }
        )
        return _render_thread_form(request, category, form)
    form = ThreadForm(request.POST)
    if not form.is_valid():
        return _render_thread_form(request, category, form, status=400)
    try:
        thread = services.thread_create(
            category=category, by=request.user, **form.cleaned_data
        )
    except (PermissionDenied, ValidationError) as error:
        form_error_add(form, error)
        return _render_thread_form(request, category, form, status=_status_for(error))
    if thread.post_count == 0:
        messages.info(
            request,
            _("Thanks. A moderator will look at your thread before others can see it."),
        )
    _at_risk_message(request, thread)
    return redirect(thread.get_absolute_url())


def _quote_markdown(post: Post) -> str:
    if post.is_anonymous:
        author = _("a member")
    else:
        author = post.author.username if post.author_id else _("deleted member")
    heading = _("%(author)s wrote (#%(number)d):") % {
        "author": author,
        "number": post.number,
    }
    lines = [f"[{heading}]({post.get_absolute_url()})", ""] + post.body.splitlines()
    return "\n".join(f"> {line}".rstrip() for line in lines) + "\n\n"


def _quoted(request, thread: Thread) -> str:
    try:
        pk = int(request.GET.get("quote", ""))
    except ValueError:
        return ""
    try:
        post = selectors.post_get(pk=pk, viewer=request.user)
    except NotFound:
        return ""
    if post.thread_id != thread.pk or post.status != PostStatus.PUBLISHED:
        return ""
    if is_blocked_between(request.user, post.author):
        return ""
    return _quote_markdown(post)


def _render_thread(
    request, thread: Thread, page: int, form=None, status=200, moderation_form=None
):
    viewer = request.user
    page_count = selectors.page_count_for(thread)
    page = min(page, page_count)
    posts = selectors.thread_page(thread=thread, viewer=viewer, page=page)
    if posts and status == 200:
        advanced = services.read_state_mark(
            thread=thread, by=viewer, number=max(post.number for post in posts)
        )
        if advanced:
            # Reading what a notification points to marks it read (SPEC §4); a page
            # already read writes nothing.
            notifications_mark_read_about(
                user=viewer, post_ids=[post.pk for post in posts]
            )
    selectors.posts_for_viewer(posts, thread=thread, viewer=viewer)
    refusal = selectors.reply_refusal(thread, viewer)
    if form is None and can_post(viewer) and not refusal:
        form = ReplyForm(
            initial={
                "body": _quoted(request, thread),
                "idempotency_key": new_idempotency_key(),
                "language": language_default_for(viewer),
            }
        )
    if form is not None:
        easy_read_apply(form, viewer)
    if moderation_form is None and can_moderate(viewer):
        moderation_form = ModerateThreadForm(initial={"category": thread.category_id})
    return render(
        request,
        "forum/thread.html",
        {
            "thread": thread,
            "category": thread.category,
            "posts": posts,
            "page": page,
            "page_count": page_count,
            "page_numbers": page_window(page, page_count),
            "form": form,
            "reply_refusal": refusal,
            "can_moderate": can_moderate(viewer),
            "moderation_form": moderation_form,
            "accepts_replies": can_post(viewer) and not refusal,
            "post_prototypes": selectors.post_prototypes(thread=thread, viewer=viewer),
            "follow": selectors.follow_control(viewer=viewer, thread=thread),
            "follow_url": reverse("forum:thread_follow", kwargs={"pk": thread.pk}),
            "blocked_authors": selectors.blocked_authors(viewer=viewer),
        },
        status=status,
    )


def thread_render(request, thread: Thread, *, status: int, moderation_form):
    """The thread's first page with a moderator's form as typed (moderation's view)."""
    return _render_thread(
        request, thread, 1, status=status, moderation_form=moderation_form
    )


@require_GET
def thread(request, pk, slug):
    thread = selectors.thread_get(pk=pk, viewer=request.user)
    if slug != (thread.slug or "-"):
        url = thread.get_absolute_url()
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url, permanent=False)
    if "page" not in request.GET and "quote" not in request.GET:
        url = thread.get_absolute_url()
        unread = selectors.first_unread_post(thread=thread, viewer=request.user)
        if unread is not None:
            # Always with ?page=: the redirected request must not jump again.
            return redirect(f"{url}?page={unread.page_number}#post-{unread.pk}")
        # Nothing unread: back to where the member stopped (page 1 is this request).
        last = selectors.last_read_post(thread=thread, viewer=request.user)
        if last is not None and last.page_number > 1:
            return redirect(f"{url}?page={last.page_number}#post-{last.pk}")
    return _render_thread(request, thread, page_requested(request))


@require_GET
def thread_redirect(request, pk):
    thread = selectors.thread_get(pk=pk, viewer=request.user)
    return redirect(thread.get_absolute_url())


@require_POST
def thread_reply(request, pk):
    form = ReplyForm(request.POST)
    if not request.user.is_authenticated or not form.is_valid():
        return _reply_refused(request, pk, form)
    try:
        # post_create reads the thread once, row-locked, and checks that this member
        # may see it and reply; a refused reply reads it again to show the page.
        post = services.post_create(
            thread=Thread(pk=pk),
            by=request.user,
            body=form.cleaned_data["body"],
            idempotency_key=form.cleaned_data["idempotency_key"],
            language=form.cleaned_data["language"],
        )
    except (PermissionDenied, ValidationError) as error:
        form_error_add(form, error)
        return _reply_refused(request, pk, form, status=_status_for(error))
    if post.status == PostStatus.PENDING:
        messages.info(
            request,
            _("Thanks. Your reply waits for a moderator before others can see it."),
        )
    _at_risk_message(request, post)
    return redirect(_post_url(post))


def _reply_refused(request, pk, form, status=400):
    """The thread's last page with the reply form as typed and why it was refused; a
    thread the viewer may not see is not found, whatever the form held."""
    thread = selectors.thread_get(pk=pk, viewer=request.user)
    if not request.user.is_authenticated:
        raise PermissionDenied(_("Log in to reply."))
    last_page = selectors.page_count_for(thread)
    return _render_thread(request, thread, last_page, form=form, status=status)


def _at_risk_message(request, written: Post | Thread) -> None:
    """After a post whose words say the poster may be at risk: help lines on the next page
    (the "crisis-lines" message tag makes base.html list the viewer's country's lines)."""
    if getattr(written, "poster_may_be_at_risk", False):
        messages.warning(
            request,
            _(
                "You are not alone. If you are thinking of ending your life or are in "
                "danger, please contact one of these lines now. A moderator will also "
                "read your post."
            ),
            extra_tags="crisis-lines",
        )


@require_GET
def post_redirect(request, pk):
    post = selectors.post_get(pk=pk, viewer=request.user)
    return redirect(_post_url(post))


@require_GET
def post_quote(request, pk):
    """The Markdown blockquote for a post, for the quote button's script."""
    post = selectors.post_get(pk=pk, viewer=request.user)
    if post.status != PostStatus.PUBLISHED:
        raise Http404(_("No such post."))
    if is_blocked_between(request.user, post.author):
        raise PermissionDenied(
            _("You cannot quote a member when one of you has blocked the other.")
        )
    return HttpResponse(_quote_markdown(post), content_type="text/plain; charset=utf-8")


def _diff(old: str, new: str) -> list[tuple[str, str]]:
    rows = []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        marker, text = line[:1], line[2:]
        if marker == "?":
            continue
        kind = {"+": "added", "-": "removed"}.get(marker, "same")
        rows.append((kind, text))
    return rows


@require_http_methods(["GET", "POST"])
def post_edit(request, pk):
    post = selectors.post_get(pk=pk, viewer=request.user)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_member(request.user) or post.author_id != request.user.pk:
        raise PermissionDenied(_("You can only edit your own posts."))
    context = {"post": post, "thread": post.thread}
    if request.method == "GET":
        form = EditForm(
            initial={
                "body": post.body,
                "version": post.version,
                "language": post.language,
            }
        )
        easy_read_apply(form, request.user)
        return render(request, "forum/post_edit.html", {**context, "form": form})
    form = EditForm(request.POST)
    if not form.is_valid():
        return render(
            request, "forum/post_edit.html", {**context, "form": form}, status=400
        )
    try:
        post = services.post_edit(
            post=post,
            by=request.user,
            body=form.cleaned_data["body"],
            expected_version=form.cleaned_data["version"],
            language=form.cleaned_data["language"],
        )
    except services.EditConflict as conflict:
        current = conflict.current
        # Saving again means "mine wins": the form now carries the current version.
        data = request.POST.copy()
        data["version"] = str(current.version)
        form = EditForm(data)
        form.is_valid()
        form.add_error(None, conflict.messages)
        return render(
            request,
            "forum/post_edit.html",
            {
                **context,
                "form": form,
                "current": current,
                "diff": _diff(current.body, request.POST.get("body", "")),
            },
            status=409,
        )
    except (PermissionDenied, ValidationError) as error:
        form_error_add(form, error)
        return render(
            request,
            "forum/post_edit.html",
            {**context, "form": form},
            status=_status_for(error),
        )
    messages.success(request, _("Your post was updated."))
    return redirect(_post_url(post))


@require_GET
def post_history(request, pk):
    post = selectors.post_get(pk=pk, viewer=request.user)
    # Earlier versions may hold what the author chose to remove: only they and
    # moderators see them.
    if not (
        can_moderate(request.user)
        or (is_member(request.user) and post.author_id == request.user.pk)
    ):
        raise PermissionDenied(
            _("Only the author and moderators can see earlier versions of a post.")
        )
    return render(
        request,
        "forum/post_history.html",
        {
            "post": post,
            "thread": post.thread,
            "revisions": selectors.post_revisions(post=post),
        },
    )


def _wants_partial(request) -> bool:
    """thread.js asks for the reaction buttons alone, to swap them in place; a plain
    form submit gets the redirect (docs/decisions.md, "No htmx")."""
    return request.headers.get("X-Partial") == "1"


@require_POST
def post_react(request, pk):
    post = selectors.post_get(pk=pk, viewer=request.user)
    if not request.user.is_authenticated:
        raise PermissionDenied(_("Log in to react to posts."))
    form = ReactionForm(request.POST)
    if not form.is_valid():
        message = _("That reaction does not exist. Choose one of the reaction buttons.")
        if _wants_partial(request):
            # The page's script falls back to a plain submit, which shows the message.
            return HttpResponse(message, status=400)
        messages.error(request, message)
        return redirect(_post_url(post))
    post = services.reaction_toggle(
        post=post, by=request.user, kind=form.cleaned_data["kind"]
    )
    if _wants_partial(request):
        selectors.posts_for_viewer([post], thread=post.thread, viewer=request.user)
        return render(request, "forum/partials/_reactions.html", {"post": post})
    return redirect(_post_url(post))


# Following: one small form per page, POST `level`, back to the page it came from.


def _follow(request, *, follow, back: str):
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    form = FollowForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose watching, normal or muted."))
        return redirect(back)
    try:
        level = follow(by=request.user, level=form.cleaned_data["level"])
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(back)
    messages.success(
        request,
        _("Notifications for this page: %(level)s.")
        % {"level": FollowLevel(level).label},
    )
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) and next_url.startswith("/"):
        return redirect(next_url)
    return redirect(back)


@require_POST
def thread_follow(request, pk):
    thread = selectors.thread_get(pk=pk, viewer=request.user)
    return _follow(
        request,
        follow=lambda **kw: services.thread_follow(thread=thread, **kw),
        back=thread.get_absolute_url(),
    )


@require_POST
def category_follow(request, slug):
    category = selectors.category_get(slug=slug, viewer=request.user)
    return _follow(
        request,
        follow=lambda **kw: services.category_follow(category=category, **kw),
        back=category.get_absolute_url(),
    )


@require_POST
def tag_follow(request, tag):
    tag_row = selectors.tag_get(name=tag)
    return _follow(
        request,
        follow=lambda **kw: services.tag_follow(tag=tag_row, **kw),
        back=reverse("pages:tag", kwargs={"tag": tag_row.name}),
    )


@require_POST
def organisation_follow(request, slug):
    organisation = organisation_get(slug=slug)
    return _follow(
        request,
        follow=lambda **kw: services.organisation_follow(
            organisation=organisation, **kw
        ),
        back=organisation.get_absolute_url(),
    )
