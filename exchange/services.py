"""Every write of the practice exchange: one function per user action, in a transaction."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, User
from accounts.permissions import can_post, is_org_editor
from accounts.services import notification_retitle
from core.languages import clean_language, language_default_for
from core.text import normalise_line, normalise_text, render_markdown
from exchange.choices import (
    COUNTRIES,
    EXCHANGE_CATEGORY_SLUG,
    FACET_LABELS,
    EvidenceLevel,
    FacetKind,
    PracticeStatus,
    Readiness,
    Recommendation,
)
from exchange.filters import search_text
from exchange.models import (
    MAX_NARRATIVE_LENGTH,
    NARRATIVE_FIELDS,
    ImplementationExperience,
    Practice,
    PracticeFacet,
    PracticeRevision,
)
from forum.models import Category, CategoryVisibility, SearchKind
from forum.services import (
    category_for_app,
    organisation_watchers_notify,
    post_create,
    thread_create_for_app,
    thread_retitle,
)
from forum.services.search import (
    search_post_label,
    search_record_remove,
    search_record_save,
)
from forum.services.validation import parse_tags

# Path segments under /exchange/ that are pages, never write-up slugs.
RESERVED_SLUGS = frozenset({"new", "compare", "feed"})

TEXT_FIELDS = ("title", "summary", "target_group", "contact")
CHOICE_FIELDS = ("evidence_level", "readiness")
# Form/snapshot key of each multi-value field, and the facet kind that stores it.
MULTI_FIELDS = {
    "areas": FacetKind.AREA,
    "settings": FacetKind.SETTING,
    "countries": FacetKind.COUNTRY,
    "languages": FacetKind.LANGUAGE,
}
REQUIRED_MULTI_FIELDS = ("areas", "settings", "countries")
EDITABLE_FIELDS = (
    TEXT_FIELDS
    + ("language",)
    + CHOICE_FIELDS
    + NARRATIVE_FIELDS
    + tuple(MULTI_FIELDS)
    + ("tags",)
)


def _require_editor(by: User, organisation: Organisation) -> None:
    if not is_org_editor(by, organisation):
        raise PermissionDenied(
            _("Only editors of %(organisation)s can change its write-ups.")
            % {"organisation": organisation.name}
        )


def can_edit_practice(user: User | None, practice: Practice) -> bool:
    """Editors of the owning organisation, and admins (SPEC §3)."""
    return is_org_editor(user, practice.organisation)


def _clean(data: dict[str, Any], *, language: str) -> dict[str, Any]:
    """Normalise and check a write-up's content; forms check the same, this is the guard.

    `language` is what the write-up is written in when `data` names none."""
    cleaned: dict[str, Any] = {
        "language": clean_language(data.get("language") or "", default=language)
    }
    for name in TEXT_FIELDS:
        value = data.get(name, "") or ""
        cleaned[name] = (
            normalise_text(value).strip()
            if name == "contact"
            else normalise_line(value)
        )
    if not cleaned["title"]:
        raise ValidationError({"title": _("Give the write-up a title.")})
    if not cleaned["summary"]:
        raise ValidationError({"summary": _("Write a short summary.")})
    if len(cleaned["summary"]) > 300:
        raise ValidationError({"summary": _("Keep the summary to 300 characters.")})
    for name in NARRATIVE_FIELDS:
        value = normalise_text(data.get(name, "") or "").strip()
        if len(value) > MAX_NARRATIVE_LENGTH:
            raise ValidationError(
                {name: _("This section is too long (at most 20,000 characters).")}
            )
        cleaned[name] = value
    for name, choices in (
        ("evidence_level", EvidenceLevel),
        ("readiness", Readiness),
    ):
        value = data.get(name)
        if value not in choices.values:
            raise ValidationError({name: _("Choose one of the listed options.")})
        cleaned[name] = value
    for name, kind in MULTI_FIELDS.items():
        values = sorted(set(data.get(name) or ()))
        if any(value not in FACET_LABELS[kind] for value in values):
            raise ValidationError({name: _("Choose from the listed options.")})
        if name in REQUIRED_MULTI_FIELDS and not values:
            raise ValidationError({name: _("Choose at least one.")})
        cleaned[name] = values
    try:
        # The forum's rules, so that /tags/<tag>/ finds threads and write-ups alike.
        cleaned["tags"] = sorted(parse_tags(data.get("tags") or ()))
    except ValidationError as error:
        raise ValidationError({"tags": error.messages}) from None
    return cleaned


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:100].strip("-") or "write-up"
    if base in RESERVED_SLUGS:
        base = f"{base}-write-up"
    slug, suffix = base, 2
    taken = Practice.objects.exclude(pk=exclude_pk) if exclude_pk else Practice.objects
    while taken.filter(slug=slug).exists():
        slug = f"{base}-{suffix}"
        suffix += 1
    return slug


# More editors than this saving one title in the same instant is not a real workload.
SLUG_ATTEMPTS = 20


def _insert_with_free_slug(practice: Practice, title: str) -> None:
    """Insert `practice` under the first free slug for `title`.

    Nothing locks a slug nobody has yet: two editors saving one title at once both see
    it free, and the unique constraint refuses the second, who takes the next one.
    """
    for attempt in range(SLUG_ATTEMPTS):
        practice.slug = _unique_slug(title)
        try:
            with transaction.atomic():
                practice.save()
            return
        except IntegrityError:
            slug_taken = Practice.objects.filter(slug=practice.slug).exists()
            if not slug_taken or attempt == SLUG_ATTEMPTS - 1:
                raise


def _snapshot(practice: Practice) -> dict[str, Any]:
    content: dict[str, Any] = {
        name: getattr(practice, name)
        for name in TEXT_FIELDS + ("language",) + CHOICE_FIELDS + NARRATIVE_FIELDS
    }
    facets = list(practice.facets.values_list("kind", "value"))
    for name, kind in MULTI_FIELDS.items():
        content[name] = sorted(value for k, value in facets if k == kind)
    content["tags"] = sorted(practice.tags.names())
    return content


def _apply(practice: Practice, content: dict[str, Any]) -> None:
    for name in TEXT_FIELDS + ("language",) + CHOICE_FIELDS:
        setattr(practice, name, content[name])
    for name in NARRATIVE_FIELDS:
        setattr(practice, name, content[name])
        # SPEC §7: rendered and sanitised once, at save; only this HTML is shown.
        setattr(practice, f"{name}_html", render_markdown(content[name]))
    practice.search_text = search_text(practice)


def _store_facets(practice: Practice, content: dict[str, Any]) -> None:
    PracticeFacet.objects.filter(practice=practice).delete()
    PracticeFacet.objects.bulk_create(
        PracticeFacet(practice=practice, kind=kind, value=value)
        for name, kind in MULTI_FIELDS.items()
        for value in content[name]
    )
    practice.tags.set(content["tags"])


@transaction.atomic
def practice_create(
    *, organisation: Organisation, by: User, data: dict[str, Any]
) -> Practice:
    """A new write-up of `organisation`, as a draft. Editors of that organisation only."""
    _require_editor(by, organisation)
    content = _clean(data, language=language_default_for(by))
    now = timezone.now()
    practice = Practice(
        organisation=organisation, created_by=by, created_at=now, updated_at=now
    )
    _apply(practice, content)
    _insert_with_free_slug(practice, content["title"])
    _store_facets(practice, content)
    return practice


@transaction.atomic
def practice_update(
    *, practice: Practice, by: User, data: dict[str, Any], expected_version: int
) -> Practice:
    """Edit a write-up, keeping the previous content as a revision.

    `expected_version` is the version the editor started from: a write-up changed by
    someone else meanwhile is refused rather than silently overwritten."""
    _require_editor(by, practice.organisation)
    # Row lock: two editors saving at once must produce two versions, not one lost edit.
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if practice.version != expected_version:
        raise ValidationError(
            _(
                "Someone else saved this write-up while you were editing it. "
                "Your text is kept below: compare it with the current version "
                "and save again."
            ),
            code="conflict",
        )
    content = _clean(data, language=practice.language)
    before = _snapshot(practice)
    changed = [name for name in EDITABLE_FIELDS if before[name] != content[name]]
    if not changed:
        return practice
    PracticeRevision.objects.create(
        practice=practice,
        version=practice.version,
        content=before,
        changed_fields=changed,
        edited_by=by,
    )
    _apply(practice, content)
    practice.version += 1
    practice.updated_at = timezone.now()
    if not practice.is_draft:
        practice.reviewed_on = timezone.localdate()
    practice.save()
    _store_facets(practice, content)
    if practice.thread_id is not None and {"title", "tags"} & set(changed):
        # The discussion is listed and tagged under the write-up's current name.
        thread_retitle(
            thread=practice.thread, title=content["title"], tags=content["tags"]
        )
    if practice.is_published:
        _search_index(practice)
    return practice


def _search_index(practice: Practice) -> None:
    """Index a published write-up's every text field (search shows published ones)."""
    search_record_save(
        kind=SearchKind.PRACTICE,
        object_id=practice.pk,
        title=practice.title,
        body="\n\n".join(
            value
            for value in (
                practice.summary,
                practice.target_group,
                *(getattr(practice, name) for name in NARRATIVE_FIELDS),
                practice.contact,
            )
            if value
        ),
        url=practice.get_absolute_url(),
        tags=practice.tags.names(),
        author=practice.created_by,
        organisation=practice.organisation,
        language=practice.language,
        created_at=practice.published_at,
    )


@transaction.atomic
def exchange_search_reindex() -> None:
    """Index every published write-up again, and label the experiences' posts (run
    after forum.services.search.search_posts_reindex)."""
    for practice in Practice.objects.filter(
        status=PracticeStatus.PUBLISHED
    ).select_related("organisation", "created_by"):
        _search_index(practice)
    for experience in ImplementationExperience.objects.select_related(
        "post", "organisation"
    ):
        search_post_label(
            experience.post,
            kind=SearchKind.EXPERIENCE,
            organisation=experience.organisation,
        )


def exchange_category() -> Category:
    """The forum category that holds the write-ups' discussions (created on first use)."""
    return category_for_app(
        slug=EXCHANGE_CATEGORY_SLUG,
        name="Exchange",
        description="Discussions of the programme write-ups in the practice exchange.",
        visibility=CategoryVisibility.PUBLIC,
        position=100,
    )


def _discussion_body(practice: Practice) -> str:
    return _(
        "%(summary)s\n\nThis is the discussion of the write-up "
        "[%(title)s](%(url)s) by %(organisation)s. Questions, comments and "
        "implementation experiences are welcome here."
    ) % {
        "summary": practice.summary,
        "title": practice.title.replace("]", ""),
        "url": practice.get_absolute_url(),
        "organisation": practice.organisation.name,
    }


@transaction.atomic
def practice_publish(*, practice: Practice, by: User) -> Practice:
    """Publish a draft (or restore an archived write-up); the first publication opens its
    discussion thread in the Exchange category. Publishing twice changes nothing."""
    _require_editor(by, practice.organisation)
    practice = (
        Practice.objects.select_for_update()
        .select_related("organisation")
        .get(pk=practice.pk)
    )
    if practice.is_published:
        return practice
    now = timezone.now()
    practice.status = PracticeStatus.PUBLISHED
    practice.published_at = practice.published_at or now
    practice.archived_at = None
    practice.reviewed_on = timezone.localdate()
    practice.updated_at = now
    if practice.thread_id is None:
        practice.thread = thread_create_for_app(
            category=exchange_category(),
            by=by,
            title=practice.title,
            body=_discussion_body(practice),
            # The editor's own words, unreviewed: held like any new member's first post.
            screen_first_post=True,
            tags=tuple(practice.tags.names()),
            idempotency_key=f"practice-{practice.pk}",
            language=practice.language,
        )
        # The first publication only: a restored write-up is not news.
        organisation_watchers_notify(
            organisation=practice.organisation,
            by=by,
            thread=practice.thread,
            kind="watch.practice",
            url=practice.get_absolute_url(),
        )
    practice.save()
    _search_index(practice)
    return practice


@transaction.atomic
def practice_archive(*, practice: Practice, by: User) -> Practice:
    """Take a published write-up out of the list and feed; its page and discussion stay."""
    _require_editor(by, practice.organisation)
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    if not practice.is_published:
        raise ValidationError(_("Only a published write-up can be archived."))
    practice.status = PracticeStatus.ARCHIVED
    practice.archived_at = timezone.now()
    practice.save(update_fields=["status", "archived_at"])
    # Out of the lists, out of search: its page stays for those who have the link.
    search_record_remove(kind=SearchKind.PRACTICE, object_id=practice.pk)
    return practice


@transaction.atomic
def practice_mark_reviewed(*, practice: Practice, by: User) -> Practice:
    """An editor confirms the write-up is still accurate: the "last reviewed" date is today."""
    _require_editor(by, practice.organisation)
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    practice.reviewed_on = timezone.localdate()
    practice.save(update_fields=["reviewed_on"])
    return practice


def _experience_body(
    *, organisation: Organisation, country: str, period: str, adapted: str,
    results: str, recommendation: str,
) -> str:  # fmt: skip
    return "\n\n".join(
        [
            _(
                "**Implementation experience**: %(organisation)s in %(country)s, %(period)s"
            )
            % {
                "organisation": organisation.name,
                "country": COUNTRIES[country],
                "period": period,
            },
            "**" + _("What we adapted") + "**",
            adapted,
            "**" + _("Results") + "**",
            results,
            "**"
            + _("Would recommend: %(answer)s")
            % {"answer": Recommendation(recommendation).label}
            + "**",
        ]
    )


@transaction.atomic
def experience_create(
    *,
    practice: Practice,
    by: User,
    organisation: Organisation,
    country: str,
    period: str,
    adapted: str,
    results: str,
    recommendation: str,
    idempotency_key: str = "",
    language: str = "",
) -> ImplementationExperience:
    """Post a structured "we implemented this" reply in the write-up's discussion.

    Members of another organisation, reporting for an organisation they belong to. The
    reply goes through the forum's post_create, so screening and live events apply."""
    if not practice.is_published or practice.thread_id is None:
        raise ValidationError(
            _("Implementation experiences can be added to published write-ups only.")
        )
    if not can_post(by):
        raise PermissionDenied(_("Your account cannot post at the moment."))
    if organisation.pk == practice.organisation_id:
        raise PermissionDenied(
            _("Implementation experiences come from other organisations.")
        )
    if not Membership.objects.filter(user=by, organisation=organisation).exists():
        raise PermissionDenied(
            _("You can only report for an organisation you belong to.")
        )
    period = normalise_line(period)
    adapted = normalise_text(adapted).strip()
    results = normalise_text(results).strip()
    if country not in COUNTRIES:
        raise ValidationError({"country": _("Choose a country from the list.")})
    language = clean_language(language, default=language_default_for(by))
    if recommendation not in Recommendation.values:
        raise ValidationError({"recommendation": _("Choose yes, with changes or no.")})
    if not period or len(period) > 100:
        raise ValidationError({"period": _("Give the period in up to 100 characters.")})
    for name, value in (("adapted", adapted), ("results", results)):
        if not value or len(value) > 5000:
            raise ValidationError({name: _("Write up to 5,000 characters.")})
    post = post_create(
        thread=practice.thread,
        by=by,
        body=_experience_body(
            organisation=organisation,
            country=country,
            period=period,
            adapted=adapted,
            results=results,
            recommendation=recommendation,
        ),
        idempotency_key=idempotency_key,
        language=language,
    )
    # A double-submitted form gets the same post back: answer with its experience.
    existing = ImplementationExperience.objects.filter(post=post).first()
    if existing is not None:
        return existing
    # Told in the request, the editors heard of a reply; it is an experience report.
    # (Told by the notification relay, they hear of it as one: exchange.selectors.)
    notification_retitle(
        event_key=f"post:{post.pk}",
        kind="practice.reply",
        new_kind="practice.experience",
    )
    # The reply is found in search as the experience it reports.
    search_post_label(post, kind=SearchKind.EXPERIENCE, organisation=organisation)
    return ImplementationExperience.objects.create(
        practice=practice,
        organisation=organisation,
        author=by,
        post=post,
        country=country,
        language=language,
        period=period,
        adapted=adapted,
        adapted_html=render_markdown(adapted),
        results=results,
        results_html=render_markdown(results),
        recommendation=recommendation,
    )
