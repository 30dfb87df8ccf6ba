"""Every write of position statements: drafting, lifecycle, consultation, endorsement,
testimonies. Each service checks the acting member's role itself (SPEC §3)."""

import difflib
import re
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import MembershipRole, Organisation, User
from accounts.permissions import (
    can_moderate,
    can_post,
    is_member,
    is_network_staff,
    is_org_editor,
)
from accounts.services import notification_send
from core.errors import NotFound
from core.mail import member_language
from core.text import normalise_line, normalise_text, render_markdown
from forum.models import Category, CategoryVisibility, Follow, FollowLevel
from forum.selectors import thread_get
from forum.services import category_for_app, thread_create_for_app
from forum.services.validation import clean_idempotency_key
from forum.services.visibility import thread_lock_for_app
from voice.models import (
    Amendment,
    AmendmentStatus,
    CoSignature,
    Endorsement,
    EvidenceKind,
    EvidenceLink,
    Paragraph,
    Statement,
    StatementEvent,
    StatementRevision,
    StatementStatus,
    Testimony,
    TestimonyStatus,
)
from voice.models.statements import MAX_BODY_LENGTH, STATUS_STEPS

STATEMENTS_CATEGORY_SLUG = "statement-consultations"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def require_network_staff(by: User | None) -> None:
    if not is_network_staff(by):
        raise PermissionDenied(
            _("Only network staff and administrators can run position statements.")
        )


def _record(
    statement: Statement, by: User | None, action: str, note: str = "", **statuses
) -> None:
    StatementEvent.objects.create(
        statement=statement,
        actor=by,
        action=action,
        note=note[:500],
        from_status=statuses.get("from_status", ""),
        to_status=statuses.get("to_status", ""),
    )


# --- text and revisions ---------------------------------------------------------------


def split_paragraphs(body: str) -> list[str]:
    """The Markdown cut at blank lines; each piece is one numbered paragraph."""
    return [
        piece.strip()
        for piece in _PARAGRAPH_BREAK.split(normalise_text(body))
        if piece.strip()
    ]


def _keyed(statement: Statement, new_texts: list[str]) -> list[list[str]]:
    """Give each new paragraph a key: an unchanged or edited paragraph keeps its old
    key, so anchors and consultation threads survive a revision; a new one gets a key
    never used before in this statement."""
    old = list(statement.paragraphs.order_by("position").values_list("key", "text"))
    old_texts = [text for _key, text in old]
    keyed: list[list[str]] = []
    matcher = difflib.SequenceMatcher(a=old_texts, b=new_texts, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        for offset, index in enumerate(range(b0, b1)):
            if op in ("equal", "replace") and a0 + offset < a1:
                # Equal, or the n-th edited paragraph of a changed run: same anchor.
                keyed.append([old[a0 + offset][0], new_texts[index]])
            else:
                keyed.append([f"p{statement.next_paragraph_number}", new_texts[index]])
                statement.next_paragraph_number += 1
    return keyed


def _clean_body(body: str) -> list[str]:
    if len(body or "") > MAX_BODY_LENGTH:
        raise ValidationError(
            {
                "body": _("Keep the text to %(limit)d characters.")
                % {"limit": MAX_BODY_LENGTH}
            }
        )
    paragraphs = split_paragraphs(body or "")
    if not paragraphs:
        raise ValidationError({"body": _("Write at least one paragraph.")})
    return paragraphs


def _store_text(
    statement: Statement,
    *,
    by: User,
    paragraphs: list[str],
    note: str = "",
    is_correction: bool = False,
) -> StatementRevision | None:
    """Save a new revision when the title, summary or text changed (None otherwise)."""
    keyed = _keyed(statement, paragraphs)
    latest = statement.revisions.order_by("-number").first()
    if (
        latest is not None
        and latest.paragraphs == keyed
        and latest.title == statement.title
        and latest.summary == statement.summary
    ):
        return None
    current = {p.key: p for p in statement.paragraphs.all()}
    wanted = {key for key, _text in keyed}
    statement.paragraphs.exclude(key__in=wanted).delete()
    for position, (key, text) in enumerate(keyed, start=1):
        paragraph = current.get(key)
        if paragraph is None:
            Paragraph.objects.create(
                statement=statement,
                key=key,
                position=position,
                text=text,
                text_html=render_markdown(text),
            )
        elif paragraph.text != text or paragraph.position != position:
            paragraph.text = text
            paragraph.text_html = render_markdown(text)
            paragraph.position = position
            paragraph.save(update_fields=["text", "text_html", "position"])
    statement.revision_count += 1
    statement.updated_at = timezone.now()
    statement.save()
    revision = StatementRevision.objects.create(
        statement=statement,
        number=statement.revision_count,
        title=statement.title,
        summary=statement.summary,
        paragraphs=keyed,
        note=note[:500],
        is_correction=is_correction,
        created_by=by,
    )
    if statement.is_in_consultation:
        _open_paragraph_threads(statement, by=by)
    return revision


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "statement"
    slug, n = base, 2
    while Statement.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


META_FIELDS = ("title", "summary", "policy_area", "addressees", "language")


def _apply_meta(statement: Statement, data: dict[str, Any]) -> None:
    for field in META_FIELDS:
        if field in data:
            setattr(statement, field, normalise_line(data[field]))


@transaction.atomic
def statement_create(
    *, by: User, data: dict[str, Any], idempotency_key: str = ""
) -> Statement:
    """Start a draft (network staff). `data`: the META_FIELDS, body, translation_of.
    A key repeated by the same member returns the draft it first made."""
    require_network_staff(by)
    key = clean_idempotency_key(idempotency_key)
    if key:
        existing = Statement.objects.filter(created_by=by, idempotency_key=key).first()
        if existing is not None:
            return existing
    paragraphs = _clean_body(data.get("body", ""))
    original = data.get("translation_of")
    if original is not None and original.translation_of_id is not None:
        raise ValidationError(
            {"translation_of": _("Choose the original statement, not a translation.")}
        )
    statement = Statement(created_by=by, translation_of=original, idempotency_key=key)
    _apply_meta(statement, data)
    statement.slug = _unique_slug(statement.title)
    try:
        with transaction.atomic():
            statement.save()
    except IntegrityError:
        # Two submits with one key that raced past the check: the constraint kept one.
        existing = Statement.objects.filter(created_by=by, idempotency_key=key).first()
        if key and existing is not None:
            return existing
        # Otherwise two drafts with one title at once: take the next free slug.
        statement.slug = _unique_slug(statement.title)
        statement.save()
    _store_text(statement, by=by, paragraphs=paragraphs, note=_("First draft"))
    _record(statement, by, "created", to_status=statement.status)
    return statement


def _locked(statement: Statement) -> Statement:
    return Statement.objects.select_for_update().get(pk=statement.pk)


@transaction.atomic
def statement_update(
    *, statement: Statement, by: User, data: dict[str, Any], note: str = ""
) -> Statement:
    """Save the draft again: a new revision when the text changed. A published statement
    is frozen (use statement_correct); a withdrawn one is closed."""
    require_network_staff(by)
    statement = _locked(statement)
    if statement.is_published:
        raise ValidationError(
            _("A published statement is frozen: publish a correction instead.")
        )
    if statement.is_withdrawn:
        raise ValidationError(_("A withdrawn statement cannot be edited."))
    paragraphs = _clean_body(data.get("body", ""))
    _apply_meta(statement, data)
    statement.save()
    if _store_text(statement, by=by, paragraphs=paragraphs, note=note):
        _record(statement, by, "edited", note)
    return statement


@transaction.atomic
def statement_correct(
    *, statement: Statement, by: User, body: str, note: str
) -> StatementRevision:
    """Correct a published statement: a new version with its changelog note, shown with
    its diff. The endorsements stand; the note says what changed."""
    require_network_staff(by)
    statement = _locked(statement)
    if not statement.is_published:
        raise ValidationError(_("Only a published statement is corrected."))
    note = normalise_line(note)
    if not note:
        raise ValidationError({"note": _("Say what the correction changes.")})
    revision = _store_text(
        statement, by=by, paragraphs=_clean_body(body), note=note, is_correction=True
    )
    if revision is None:
        raise ValidationError({"body": _("The text is the same as the published one.")})
    _record(statement, by, "corrected", note)
    return revision


def _editors_of_verified_organisations():
    return User.objects.filter(
        is_active=True,
        memberships__role=MembershipRole.EDITOR,
        memberships__organisation__is_verified=True,
    ).distinct()


def _notify(users, statement: Statement, message: str) -> None:
    """Tell each of `users`, in their own language, that the statement took a step.

    `message` is a msgid with a %(title)s placeholder, translated per recipient."""
    for user in users:
        with member_language(user):
            text = _(message) % {"title": statement.title}
        notification_send(
            user=user,
            kind="voice.statement",
            text=text,
            url=statement.get_absolute_url(),
        )


def _notify_step(statement: Statement) -> None:
    if statement.is_in_consultation:
        _notify(
            _editors_of_verified_organisations(),
            statement,
            gettext_noop("The statement “%(title)s” is open for consultation."),
        )
    elif statement.is_open_for_endorsement:
        _notify(
            _editors_of_verified_organisations(),
            statement,
            gettext_noop("The statement “%(title)s” is open for endorsement."),
        )
    elif statement.is_published:
        # Its followers: members who watch one of its paragraphs' consultation threads
        # (commenting makes one watch it), and those who took part: the endorsing
        # organisations' editors, co-signers and testimony authors.
        root = statement.endorsed_statement_id
        people = User.objects.filter(is_active=True).filter(
            pk__in=set(
                Endorsement.objects.filter(statement_id=root).values_list(
                    "editor_id", flat=True
                )
            )
            | set(
                CoSignature.objects.filter(statement_id=root).values_list(
                    "user_id", flat=True
                )
            )
            | set(
                Testimony.objects.filter(
                    statement=statement, status=TestimonyStatus.APPROVED
                ).values_list("author_id", flat=True)
            )
            | set(
                Follow.objects.filter(
                    level=FollowLevel.WATCHING,
                    thread__in=Paragraph.objects.filter(
                        statement=statement, thread__isnull=False
                    ).values("thread_id"),
                ).values_list("user_id", flat=True)
            )
        )
        _notify(
            people,
            statement,
            gettext_noop("The statement “%(title)s” is published."),
        )


@transaction.atomic
def statement_move(
    *, statement: Statement, by: User, to_status: str, note: str = ""
) -> Statement:
    """Move a statement one step along its lifecycle (network staff), audited; the
    editors of every verified organisation hear of consultation and endorsement."""
    require_network_staff(by)
    # Row lock: two staff members clicking at once make one step, not two.
    statement = _locked(statement)
    if to_status not in STATUS_STEPS.get(statement.status, ()):
        raise ValidationError(
            _("A statement cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": statement.get_status_display(),
                "to": StatementStatus(to_status).label
                if to_status in StatementStatus.values
                else to_status,
            }
        )
    previous = statement.status
    now = timezone.now()
    statement.status = to_status
    statement.updated_at = now
    if to_status == StatementStatus.PUBLISHED:
        statement.published_at = now
    elif to_status == StatementStatus.WITHDRAWN:
        statement.withdrawn_at = now
    statement.save()
    _record(statement, by, "moved", note, from_status=previous, to_status=to_status)
    if to_status == StatementStatus.CONSULTATION:
        _open_paragraph_threads(statement, by=by)
    elif previous == StatementStatus.CONSULTATION:
        # The consultation is over: its comment threads stop taking replies.
        for paragraph in statement.paragraphs.filter(thread__isnull=False):
            thread_lock_for_app(thread=paragraph.thread, is_locked=True)
    _notify_step(statement)
    return statement


# --- consultation -----------------------------------------------------------------------


def statements_category() -> Category:
    """The forum category holding one consultation thread per paragraph."""
    return category_for_app(
        slug=STATEMENTS_CATEGORY_SLUG,
        name="Statement consultations",
        description="Comments on the paragraphs of position statements in consultation.",
        visibility=CategoryVisibility.PUBLIC,
        position=110,
    )


def _open_paragraph_threads(statement: Statement, *, by: User) -> None:
    category = statements_category()
    # The staff member does not type these threads: one per paragraph is opened for
    # them through forum's app path: the text is the statement's, written by staff, so
    # the threads are published at once (no first-post approval) and no thread quota
    # refuses a long statement.
    for paragraph in statement.paragraphs.filter(thread__isnull=True):
        number = f" §{paragraph.position}"
        paragraph.thread = thread_create_for_app(
            category=category,
            by=by,
            title=statement.title[: 150 - len(number)] + number,
            body=_(
                "Comments on paragraph %(number)d of the statement "
                "[%(title)s](%(url)s):\n\n%(quote)s"
            )
            % {
                "number": paragraph.position,
                "title": statement.title.replace("]", ""),
                "url": paragraph.get_absolute_url(),
                "quote": "\n".join(f"> {line}" for line in paragraph.text.splitlines()),
            },
            idempotency_key=f"statement-paragraph-{paragraph.pk}",
            screen_first_post=False,
        )
        paragraph.save(update_fields=["thread"])


def _require_verified_editor(by: User, organisation: Organisation) -> None:
    if not (is_org_editor(by, organisation) and organisation.is_verified):
        raise PermissionDenied(
            _("Only editors of a verified member organisation can do this.")
        )


@transaction.atomic
def amendment_propose(
    *,
    paragraph: Paragraph,
    by: User,
    organisation: Organisation,
    text: str,
    reason: str = "",
) -> Amendment:
    """An editor of a verified organisation proposes replacement text for a paragraph,
    during consultation."""
    _require_verified_editor(by, organisation)
    statement = _locked(paragraph.statement)
    if not statement.is_in_consultation:
        raise ValidationError(_("Amendments are proposed during the consultation."))
    text = normalise_text(text).strip()
    if not text:
        raise ValidationError({"text": _("Write the replacement text.")})
    if len(split_paragraphs(text)) != 1:
        raise ValidationError({"text": _("An amendment replaces one paragraph.")})
    if text == paragraph.text:
        raise ValidationError({"text": _("This is the paragraph as it stands.")})
    existing = Amendment.objects.filter(
        paragraph=paragraph,
        organisation=organisation,
        text=text,
        status=AmendmentStatus.PENDING,
    ).first()
    if existing is not None:
        return existing  # a double submit
    return Amendment.objects.create(
        statement=statement,
        paragraph=paragraph,
        paragraph_key=paragraph.key,
        organisation=organisation,
        proposed_by=by,
        text=text,
        text_html=render_markdown(text),
        reason=normalise_line(reason)[:500],
    )


@transaction.atomic
def amendment_decide(
    *, amendment: Amendment, by: User, accept: bool, reason: str
) -> Amendment:
    """Network staff accept (a new draft revision) or decline (with a reason)."""
    require_network_staff(by)
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    statement = _locked(amendment.statement)
    if amendment.status != AmendmentStatus.PENDING:
        raise ValidationError(_("This amendment was already decided."))
    reason = normalise_line(reason)
    if not accept and not reason:
        raise ValidationError({"reason": _("Give a reason for declining.")})
    if accept:
        if not statement.is_in_consultation:
            raise ValidationError(_("Amendments are accepted during the consultation."))
        if amendment.paragraph is None:
            raise ValidationError(_("The paragraph no longer exists."))
        texts = [
            amendment.text if p.pk == amendment.paragraph_id else p.text
            for p in statement.paragraphs.order_by("position")
        ]
        _store_text(
            statement,
            by=by,
            paragraphs=texts,
            note=_("Amendment by %(organisation)s to §%(key)s")
            % {
                "organisation": amendment.organisation.name,
                "key": amendment.paragraph_key,
            },
        )
    amendment.status = AmendmentStatus.ACCEPTED if accept else AmendmentStatus.DECLINED
    amendment.decided_by = by
    amendment.decision_reason = reason[:500]
    amendment.decided_at = timezone.now()
    amendment.save()
    _record(
        statement,
        by,
        "amendment.accepted" if accept else "amendment.declined",
        reason,
    )
    return amendment


# --- endorsement ------------------------------------------------------------------------


def _endorsed(statement: Statement) -> Statement:
    """Translations are endorsed with their original."""
    return _locked(statement.translation_of or statement)


@transaction.atomic
def endorsement_create(
    *, statement: Statement, by: User, organisation: Organisation, text: str = ""
) -> Endorsement:
    """An editor endorses on behalf of their verified organisation; once per
    organisation (a second submit returns the first endorsement)."""
    _require_verified_editor(by, organisation)
    statement = _endorsed(statement)
    if not statement.is_open_for_endorsement:
        raise ValidationError(_("This statement is not open for endorsement."))
    text = normalise_text(text).strip()
    if len(split_paragraphs(text)) > 1:
        raise ValidationError(
            {"text": _("Keep your organisation's statement to one paragraph.")}
        )
    existing = Endorsement.objects.filter(
        statement=statement, organisation=organisation
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            endorsement = Endorsement.objects.create(
                statement=statement, organisation=organisation, editor=by, text=text
            )
    except IntegrityError:
        # Two editors of one organisation at once: the unique constraint kept one.
        return Endorsement.objects.get(statement=statement, organisation=organisation)
    _record(statement, by, "endorsed", organisation.name)
    return endorsement


@transaction.atomic
def endorsement_withdraw(*, endorsement: Endorsement, by: User) -> None:
    """An editor of the organisation takes its endorsement back, until publication."""
    _require_verified_editor(by, endorsement.organisation)
    statement = _locked(endorsement.statement)
    if statement.is_published:
        raise ValidationError(_("The statement is published with this endorsement."))
    Endorsement.objects.filter(pk=endorsement.pk).delete()
    _record(statement, by, "endorsement.withdrawn", endorsement.organisation.name)


@transaction.atomic
def cosignature_set(
    *, statement: Statement, by: User, show_username: bool
) -> CoSignature:
    """A member co-signs (or changes whether their username is shown)."""
    if not can_post(by):
        raise PermissionDenied(_("Sign in with a confirmed e-mail address to co-sign."))
    statement = _endorsed(statement)
    if not statement.is_open_for_endorsement:
        raise ValidationError(_("This statement is not open for co-signing."))
    cosignature, _created = CoSignature.objects.update_or_create(
        statement=statement, user=by, defaults={"show_username": show_username}
    )
    return cosignature


@transaction.atomic
def cosignature_withdraw(*, statement: Statement, by: User) -> None:
    """A member takes their co-signature back, until publication."""
    if not is_member(by):
        raise PermissionDenied(_("Sign in first."))
    statement = _endorsed(statement)
    if statement.is_published:
        raise ValidationError(_("The statement is published with your co-signature."))
    CoSignature.objects.filter(statement=statement, user=by).delete()


# --- evidence ---------------------------------------------------------------------------


def _evidence_kind(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    if match is not None and match.view_name == "exchange:practice":
        # The exchange is not imported here (floors): a write-up is named by its URL.
        return EvidenceKind.WRITE_UP
    if match is not None and match.view_name in (
        "forum:thread",
        "forum:thread_redirect",
    ):
        try:
            # Evidence is shown to everyone: only a thread anyone may read.
            thread_get(pk=match.kwargs["pk"], viewer=None)
        except NotFound:
            pass
        else:
            return EvidenceKind.THREAD
    raise ValidationError(
        {
            "url": _(
                "Link to a programme write-up (/exchange/…/) or a public discussion "
                "(/t/…/) on this site."
            )
        }
    )


@transaction.atomic
def evidence_add(
    *, statement: Statement, by: User, url: str, label: str
) -> EvidenceLink:
    """Network staff link a member write-up or thread as evidence (before publication)."""
    require_network_staff(by)
    statement = _locked(statement)
    if statement.is_published or statement.is_withdrawn:
        raise ValidationError(_("The evidence of a closed statement is frozen."))
    path = urlsplit((url or "").strip()).path
    kind = _evidence_kind(path)
    label = normalise_line(label)
    if not label:
        raise ValidationError({"label": _("Give the link a title.")})
    link, _created = EvidenceLink.objects.get_or_create(
        statement=statement,
        path=path,
        defaults={"kind": kind, "label": label[:200], "added_by": by},
    )
    return link


@transaction.atomic
def evidence_remove(*, link: EvidenceLink, by: User) -> None:
    require_network_staff(by)
    statement = _locked(link.statement)
    if statement.is_published or statement.is_withdrawn:
        raise ValidationError(_("The evidence of a closed statement is frozen."))
    EvidenceLink.objects.filter(pk=link.pk).delete()


# --- testimonies ------------------------------------------------------------------------


@transaction.atomic
def testimony_submit(
    *, statement: Statement, by: User, text: str, pseudonym: str = ""
) -> Testimony:
    """A member attaches a short testimony during consultation; a moderator reviews it
    before anyone else sees it."""
    if not can_post(by):
        raise PermissionDenied(_("Sign in with a confirmed e-mail address first."))
    statement = _locked(statement)
    if not statement.is_in_consultation:
        raise ValidationError(_("Testimonies are added during the consultation."))
    text = normalise_text(text).strip()
    if not text:
        raise ValidationError({"text": _("Write your testimony.")})
    existing = Testimony.objects.filter(
        statement=statement, author=by, text=text
    ).first()
    if existing is not None:
        return existing  # a double submit
    return Testimony.objects.create(
        statement=statement,
        author=by,
        pseudonym=normalise_line(pseudonym)[:60],
        text=text,
        text_html=render_markdown(text),
    )


@transaction.atomic
def testimony_decide(
    *, pk: int, by: User, approve: bool, reason: str = ""
) -> Testimony:
    """A moderator's verdict on a waiting testimony (the review registry's `decide`)."""
    if not can_moderate(by):
        raise PermissionDenied(_("Only moderators review testimonies."))
    testimony = (
        Testimony.objects.select_for_update()
        .filter(pk=pk, status=TestimonyStatus.PENDING)
        .first()
    )
    if testimony is None:
        raise NotFound(_("This testimony is no longer waiting for review."))
    testimony.status = TestimonyStatus.APPROVED if approve else TestimonyStatus.REJECTED
    testimony.reviewed_by = by
    testimony.reviewed_at = timezone.now()
    testimony.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    _record(
        testimony.statement,
        by,
        "testimony.approved" if approve else "testimony.rejected",
        normalise_line(reason),
    )
    return testimony


@transaction.atomic
def testimony_withdraw(*, testimony: Testimony, by: User) -> None:
    """The author removes their testimony, at any time, even after publication."""
    if not is_member(by) or testimony.author_id != by.pk:
        raise PermissionDenied(_("Only its author can withdraw a testimony."))
    Testimony.objects.filter(pk=testimony.pk).delete()


@transaction.atomic
def testimony_choose(*, testimony: Testimony, by: User, is_chosen: bool) -> Testimony:
    """Network staff choose which approved testimonies are published with the statement."""
    require_network_staff(by)
    statement = _locked(testimony.statement)
    if statement.is_published or statement.is_withdrawn:
        raise ValidationError(_("The testimonies of a closed statement are frozen."))
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.status != TestimonyStatus.APPROVED:
        raise ValidationError(_("Only an approved testimony can be chosen."))
    testimony.is_chosen = is_chosen
    testimony.save(update_fields=["is_chosen"])
    return testimony
