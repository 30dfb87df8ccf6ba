"""Every non-trivial moderation read. Moderator-only reads refuse everyone else."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from accounts.permissions import can_moderate, is_member, require_moderator
from core.choices import ContentWarning
from core.errors import NotFound
from core.review import ReviewSource, review_sources
from forum.models import Thread
from moderation.models import (
    Action,
    Appeal,
    AppealState,
    ApprovalItem,
    ApprovalState,
    AuditEntry,
    Case,
    CaseState,
    CheckIn,
    CheckInMessage,
    CrisisResource,
    Flag,
    FlagReason,
    Statement,
    WatchedWord,
)

PAGE_SIZE = 50
ACTION_LABELS = dict(Action.choices)
REASON_LABELS = dict(FlagReason.choices)


def _require_moderator(viewer: User | None) -> None:
    require_moderator(
        viewer, refusal=_("Only moderators can see the moderation pages.")
    )


def _cases() -> QuerySet[Case]:
    return Case.objects.select_related(
        "post__thread__category", "post__author", "assignee"
    ).prefetch_related(
        Prefetch(
            "flags",
            queryset=Flag.objects.filter(handled_at__isnull=True).select_related(
                "flagger"
            ),
            to_attr="open_flags",
        )
    )


def review_queue(
    *,
    viewer: User,
    state: str = CaseState.OPEN,
    reason: str = "",
    category: str = "",
    assignee: str = "",
) -> QuerySet[Case]:
    """Cases, urgent (someone may be at risk) first, then oldest first."""
    _require_moderator(viewer)
    cases = _cases()
    if state:
        cases = cases.filter(state=state)
    if reason:
        cases = cases.filter(flags__reason=reason).distinct()
    if category:
        cases = cases.filter(post__thread__category__slug=category)
    if assignee == "me":
        cases = cases.filter(assignee=viewer)
    elif assignee == "none":
        cases = cases.filter(assignee__isnull=True)
    elif assignee:
        cases = cases.filter(assignee__username=assignee)
    return cases.order_by("-is_urgent", "created_at", "pk")


def case_get(*, pk: int, viewer: User) -> Case:
    _require_moderator(viewer)
    case = (
        _cases()
        .prefetch_related("notes__author", "history__actor", "flags__flagger")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise NotFound(_("No such case."))
    return case


def case_is_sensitive(case: Case) -> bool:
    """Blur by default: someone may be at risk, or the thread carries a content warning."""
    if case.is_urgent or case.post.thread.content_warning:
        return True
    return any(flag.reason == FlagReason.HARM for flag in case.open_flags)


def case_content_warning(case: Case) -> str:
    warning = case.post.thread.content_warning
    if warning:
        return str(ContentWarning(warning).label)
    return _("Someone may be at risk")


def approval_queue(*, viewer: User) -> QuerySet[ApprovalItem]:
    _require_moderator(viewer)
    return (
        ApprovalItem.objects.filter(state=ApprovalState.PENDING)
        .select_related("post__thread__category", "post__author")
        .order_by("created_at", "pk")
    )


@dataclass
class ReviewGroup:
    source: ReviewSource
    items: list


def review_pending(*, viewer: User) -> list[ReviewGroup]:
    """Every registered source's items waiting for review (core.review), oldest first;
    one read per source."""
    _require_moderator(viewer)
    return [ReviewGroup(source, list(source.pending())) for source in review_sources()]


def approval_get(*, pk: int, viewer: User) -> ApprovalItem:
    _require_moderator(viewer)
    item = (
        ApprovalItem.objects.select_related("post__thread__category", "post__author")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise NotFound(_("No such post in the approval queue."))
    return item


def audit_log(
    *, viewer: User, action: str = "", actor: str = "", member: str = ""
) -> QuerySet[AuditEntry]:
    _require_moderator(viewer)
    entries = AuditEntry.objects.select_related(
        "actor", "target_user", "post", "thread"
    )
    if action:
        entries = entries.filter(action=action)
    if actor == "system":
        entries = entries.filter(actor__isnull=True)
    elif actor:
        entries = entries.filter(actor__username=actor)
    if member:
        entries = entries.filter(target_user__username=member)
    return entries.order_by("-created_at", "-pk")


def pending_appeals(*, viewer: User) -> QuerySet[Appeal]:
    _require_moderator(viewer)
    return (
        Appeal.objects.filter(state=AppealState.PENDING)
        .select_related(
            "statement__user",
            "statement__audit_entry__actor",
            "statement__audit_entry__post",
        )
        .order_by("created_at", "pk")
    )


def appeal_get(*, pk: int, viewer: User) -> Appeal:
    _require_moderator(viewer)
    appeal = (
        Appeal.objects.select_related(
            "statement__user", "statement__audit_entry__actor"
        )
        .filter(pk=pk)
        .first()
    )
    if appeal is None:
        raise NotFound(_("No such appeal."))
    return appeal


def statements_for(*, viewer: User) -> QuerySet[Statement]:
    """The viewer's own statements of reasons (what the member sees: no flagger)."""
    if not is_member(viewer):
        raise PermissionDenied(_("Log in to see your moderation notices."))
    return (
        Statement.objects.filter(user=viewer)
        .select_related("audit_entry__post__thread", "audit_entry__thread", "appeal")
        .order_by("-created_at", "-pk")
    )


def statement_get(*, pk: int, viewer: User) -> Statement:
    """Only the member it was sent to, or a moderator, may read a statement."""
    statement = (
        Statement.objects.select_related(
            "user", "audit_entry__post__thread", "audit_entry__thread"
        )
        .filter(pk=pk)
        .first()
    )
    if statement is None or not (
        (is_member(viewer) and statement.user_id == viewer.pk) or can_moderate(viewer)
    ):
        raise NotFound(_("No such notice."))
    return statement


STATEMENT_LINK_SALT = "moderation.statement-link"
STATEMENT_LINK_MAX_AGE = timedelta(days=14)


def statement_link(statement: Statement) -> str:
    """A signed path to a suspension statement that works without a session.

    A suspended member cannot log in (SPEC §3) but must still read why and appeal.
    """
    token = signing.dumps([statement.pk, statement.user_id], salt=STATEMENT_LINK_SALT)
    return reverse("moderation:statement_link", kwargs={"token": token})


def statement_by_token(*, token: str) -> Statement:
    """The statement a statement_link() opens; 404 when forged or expired."""
    try:
        pk, user_id = signing.loads(
            token, salt=STATEMENT_LINK_SALT, max_age=STATEMENT_LINK_MAX_AGE
        )
        pk, user_id = int(pk), int(user_id)
    except (signing.BadSignature, TypeError, ValueError):
        raise NotFound(_("This link is not valid or has expired.")) from None
    statement = (
        Statement.objects.select_related(
            "user", "audit_entry__post__thread", "audit_entry__thread", "appeal"
        )
        .filter(
            pk=pk,
            user_id=user_id,
            action=Action.USER_SUSPEND,
            user__erased_at__isnull=True,
        )
        .first()
    )
    if statement is None:
        raise NotFound(_("This link is not valid or has expired."))
    return statement


def suspension_statement_link(*, user: User) -> str:
    """A fresh link to the statement of the member's latest suspension, or ""."""
    statement = (
        Statement.objects.filter(user=user, action=Action.USER_SUSPEND)
        .order_by("-created_at", "-pk")
        .first()
    )
    return statement_link(statement) if statement else ""


def crisis_resources_for(country: str) -> list[CrisisResource]:
    """The viewer's own country's lines first, then the European ones (country "EU")
    that the country's list does not already give (112 is listed once)."""
    rows = CrisisResource.objects.filter(country__in=[(country or "").upper(), "EU"])
    rows = sorted(rows, key=lambda row: (row.country == "EU", row.position, row.name))
    own = {row.phone or row.url for row in rows if row.country != "EU"}
    return [
        row for row in rows if row.country != "EU" or (row.phone or row.url) not in own
    ]


def crisis_countries() -> list[str]:
    """Countries that have their own crisis lines, for the /help/ country picker."""
    codes = CrisisResource.objects.exclude(country="EU").values_list(
        "country", flat=True
    )
    return sorted(set(codes))


def member_moderation_get(*, username: str, viewer: User) -> User:
    _require_moderator(viewer)
    user = User.objects.filter(username=username).first()
    if user is None:
        raise NotFound(_("No such member."))
    return user


@dataclass
class MonthStats:
    month: date
    flags_by_reason: dict[str, int]
    actions: dict[str, int]
    median_hours_to_decision: float | None
    appeals_overturned: int
    appeals_decided: int
    decisions: int = 0


def _months_since(months: int) -> datetime:
    today = timezone.localdate()
    first_year, first_month = divmod(today.year * 12 + today.month - months, 12)
    return timezone.make_aware(datetime(first_year, first_month + 1, 1))


def moderation_stats(*, viewer: User, months: int = 6) -> list[MonthStats]:
    """Per month: flags per reason, actions (both keyed by label), median time to
    decision, appeals overturned."""
    _require_moderator(viewer)
    return _month_stats(months)


def _month_stats(months: int) -> list[MonthStats]:
    """Four aggregate reads, whatever the volume: see moderation_stats()."""
    # Months are the site's TIME_ZONE months everywhere below: TruncMonth uses the
    # current time zone, so the start and the durations' months must too.
    since = _months_since(months)
    result: dict[date, MonthStats] = {}

    def month(value: datetime) -> MonthStats:
        key = timezone.localdate(value).replace(day=1)
        if key not in result:
            result[key] = MonthStats(key, {}, {}, None, 0, 0)
        return result[key]

    for row in (
        Flag.objects.filter(created_at__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "reason")
        .annotate(n=Count("pk"))
    ):
        label = str(REASON_LABELS.get(row["reason"], row["reason"]))
        month(row["month"]).flags_by_reason[label] = row["n"]
    for row in (
        AuditEntry.objects.filter(created_at__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "action")
        .annotate(n=Count("pk"))
    ):
        label = str(ACTION_LABELS.get(row["action"], row["action"]))
        month(row["month"]).actions[label] = row["n"]
    durations: dict[date, list[float]] = {}
    for created, decided in Case.objects.filter(
        decided_at__gte=since, decided_at__isnull=False
    ).values_list("created_at", "decided_at"):
        key = month(decided).month
        durations.setdefault(key, []).append((decided - created).total_seconds() / 3600)
    for key, values in durations.items():
        result[key].median_hours_to_decision = round(median(values), 1)
        result[key].decisions = len(values)
    for row in (
        Appeal.objects.filter(decided_at__gte=since)
        .annotate(month=TruncMonth("decided_at"))
        .values("month")
        .annotate(
            decided=Count("pk"),
            overturned=Count("pk", filter=Q(state=AppealState.OVERTURNED)),
        )
    ):
        stats = month(row["month"])
        stats.appeals_decided = row["decided"]
        stats.appeals_overturned = row["overturned"]
    return [result[key] for key in sorted(result)]


# Public figures below this are shown as "< 5": a count of one to four in a month
# could point at a single member's case.
TRANSPARENCY_THRESHOLD = 5
TRANSPARENCY_MONTHS = 12


@dataclass
class TransparencyMonth:
    month: date
    reports_by_reason: list[tuple[str, str]]
    actions: list[tuple[str, str]]
    # None when no case was decided; "" when too few were to publish a median; else
    # whole hours (0: under half an hour), so the page can say "1 hour" / "3 hours".
    median_hours_to_decision: int | str | None
    appeals_decided: str
    appeals_overturned: str
    guidelines_version: str


def _public_count(count: int) -> str:
    if 0 < count < TRANSPARENCY_THRESHOLD:
        return _("< %(threshold)d") % {"threshold": TRANSPARENCY_THRESHOLD}
    return str(count)


def _guidelines_version_in(month: date) -> str:
    # Versions are named by the month they took effect ("2026-11"); before the
    # current one, an earlier version was in force.
    current = settings.GUIDELINES_VERSION
    try:
        since = date.fromisoformat(f"{current}-01")
    except ValueError:
        return current
    return current if month >= since else _("an earlier version")


def transparency_report(
    *, months: int = TRANSPARENCY_MONTHS
) -> list[TransparencyMonth]:
    """The public report, newest month first: every month of the period, counts under
    TRANSPARENCY_THRESHOLD shown as "< 5", a median only over five decisions or more.
    Public: no names, no cases, nothing that identifies one."""
    by_month = {stats.month: stats for stats in _month_stats(months)}
    first = _months_since(months)
    report = []
    for offset in range(months, -1, -1):
        year, month0 = divmod(first.year * 12 + first.month - 1 + offset, 12)
        key = date(year, month0 + 1, 1)
        stats = by_month.get(key) or MonthStats(key, {}, {}, None, 0, 0)
        if stats.decisions == 0:
            median_hours = None
        elif stats.decisions < TRANSPARENCY_THRESHOLD:
            median_hours = ""
        else:
            median_hours = int(stats.median_hours_to_decision + 0.5)
        report.append(
            TransparencyMonth(
                month=key,
                reports_by_reason=[
                    (label, _public_count(count))
                    for label, count in sorted(stats.flags_by_reason.items())
                ],
                actions=[
                    (label, _public_count(count))
                    for label, count in sorted(stats.actions.items())
                ],
                median_hours_to_decision=median_hours,
                appeals_decided=_public_count(stats.appeals_decided),
                appeals_overturned=_public_count(stats.appeals_overturned),
                guidelines_version=_guidelines_version_in(key),
            )
        )
    return report


def thread_for_moderation(*, pk: int, viewer: User) -> Thread:
    """Any thread, for a moderator's tools (moderators see every category)."""
    require_moderator(viewer)
    thread = Thread.objects.select_related("category").filter(pk=pk).first()
    if thread is None:
        raise NotFound(_("No such thread."))
    return thread


def watched_word_get(*, pk: int, viewer: User) -> WatchedWord:
    """One watched word, for moderators."""
    require_moderator(viewer)
    word = WatchedWord.objects.filter(pk=pk).first()
    if word is None:
        raise NotFound(_("No such watched word."))
    return word


def flag_own(*, post_pk: int, viewer: User) -> Flag:
    """The viewer's own flag on a post, even if the post is hidden by now."""
    flag = (
        Flag.objects.select_related("post__thread")
        .filter(post_id=post_pk, flagger=viewer)
        .first()
    )
    if flag is None:
        raise NotFound(_("You have not reported this post."))
    return flag


# Private check-ins ------------------------------------------------------------------


def is_support_worker(user: User | None) -> bool:
    return (
        is_member(user)
        and Membership.objects.filter(user=user, is_support_worker=True).exists()
    )


def can_open_checkins(user: User | None) -> bool:
    return can_moderate(user) or is_support_worker(user)


def can_read_checkin(user: User | None, checkin: CheckIn) -> bool:
    """The member, the opener, and a moderator when a case links the check-in."""
    if not is_member(user):
        return False
    if user.pk in (checkin.member_id, checkin.opened_by_id):
        return True
    return can_moderate(user) and checkin.case_id is not None


def can_write_checkin(user: User | None, checkin: CheckIn) -> bool:
    return (
        is_member(user)
        and not checkin.is_closed
        and user.pk in (checkin.member_id, checkin.opened_by_id)
    )


def checkins_for(*, viewer: User) -> QuerySet[CheckIn]:
    """The viewer's own check-ins (as member or opener); a moderator also sees that every
    other check-in exists (who, state), but reads only those a case links."""
    if not is_member(viewer):
        raise PermissionDenied(_("Log in to see your check-ins."))
    rows = CheckIn.objects.select_related("member", "opened_by", "case")
    if can_moderate(viewer):
        return rows
    return rows.filter(Q(member=viewer) | Q(opened_by=viewer))


def checkin_get(*, pk: int, viewer: User) -> CheckIn:
    checkin = (
        CheckIn.objects.select_related("member", "opened_by", "case")
        .filter(pk=pk)
        .first()
    )
    # Not found and not allowed look the same: no probing of ids.
    if checkin is None or not can_read_checkin(viewer, checkin):
        raise NotFound(_("No such check-in."))
    return checkin


def checkin_messages(*, checkin: CheckIn, after: int = 0) -> QuerySet[CheckInMessage]:
    return checkin.messages.filter(pk__gt=after).select_related("author")


def checkin_message_get(*, pk: int, viewer: User) -> CheckInMessage:
    message = CheckInMessage.objects.select_related("checkin").filter(pk=pk).first()
    if message is None or not can_read_checkin(viewer, message.checkin):
        raise NotFound(_("No such message."))
    return message


def member_by_username(username: str) -> User | None:
    return User.objects.filter(
        username=username.strip(), erased_at__isnull=True
    ).first()
