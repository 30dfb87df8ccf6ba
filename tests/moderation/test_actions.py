from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Notification
from forum.models import PostStatus
from moderation.models import (
    Action,
    ApprovalItem,
    AuditEntry,
    Case,
    FlagReason,
    Statement,
)
from moderation.services import (
    INDEFINITE,
    approval_approve,
    approval_reject,
    case_claim,
    case_dismiss,
    case_hide,
    case_lock_thread,
    case_restore,
    flag_create,
    member_sanction_lift,
    member_silence,
    member_suspend,
    thread_slow_mode_change,
)
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(post, member):
    flag_create(post=post, by=member, reason=FlagReason.ABUSE, note="rude")
    return Case.objects.get(post=post)


def _hidden(case, moderator):
    case_hide(case=case, by=moderator, reason="Insults.", guideline="respect")
    return Case.objects.get(pk=case.pk)


def _counts(author):
    return (
        AuditEntry.objects.count(),
        Statement.objects.filter(user=author).count(),
        Notification.objects.filter(user=author, kind="moderation.statement").count(),
    )


def _held(author, thread):
    post = PostFactory(
        thread=thread, author=author, status=PostStatus.PENDING, number=90
    )
    return ApprovalItem.objects.create(post=post, reasons=["first_posts"])


ACTIONS = {
    "hide": lambda c, m, a: case_hide(
        case=c, by=m, reason="Insults.", guideline="respect"
    ),
    "dismiss": lambda c, m, a: case_dismiss(case=c, by=m, reason="It is fine."),
    "lock": lambda c, m, a: case_lock_thread(
        case=c, by=m, reason="Heated.", guideline="respect"
    ),
    "silence": lambda c, m, a: member_silence(
        user=a, by=m, reason="Repeated insults.", guideline="respect", until=None
    ),
    "suspend": lambda c, m, a: member_suspend(
        user=a,
        by=m,
        reason="Threats.",
        guideline="safety",
        until=timezone.now() + timedelta(days=3),
    ),
    "slow_mode": lambda c, m, a: thread_slow_mode_change(
        thread=c.post.thread, by=m, minutes=10, reason="Cool down."
    ),
    "approve": lambda c, m, a: approval_approve(
        item=_held(a, c.post.thread), by=m, reason="Fine."
    ),
    "edit_approve": lambda c, m, a: approval_approve(
        item=_held(a, c.post.thread), by=m, reason="Removed a number.", body="Edited."
    ),
    "reject": lambda c, m, a: approval_reject(
        item=_held(a, c.post.thread), by=m, reason="Sourcing.", guideline="no_dealing"
    ),
}


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_every_action_writes_one_audit_entry_and_one_statement(
    name, case, moderator, author
):
    # Thread-wide actions concern the thread's author; the rest the post's author.
    affected = case.post.thread.author if name in ("lock", "slow_mode") else author
    before = _counts(affected)
    ACTIONS[name](case, moderator, author)
    assert _counts(affected) == tuple(n + 1 for n in before)
    entry = AuditEntry.objects.order_by("-pk").first()
    assert entry.actor == moderator and entry.reason and entry.target_user == affected


@pytest.mark.parametrize("with_edit", [False, True])
def test_restore_and_edit_before_restore_write_one_entry_each(
    case, moderator, second_moderator, author, with_edit
):
    _hidden(case, moderator)
    before = _counts(author)
    case_restore(
        case=case,
        by=second_moderator,
        reason="On a second look, fine.",
        guideline="none",
        body="Kinder words." if with_edit else None,
    )
    assert _counts(author) == tuple(n + 1 for n in before)
    post = case.post
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    expected = Action.POST_EDIT_RESTORE if with_edit else Action.POST_RESTORE
    assert AuditEntry.objects.order_by("-pk").first().action == expected
    if with_edit:
        assert post.body == "Kinder words."
        assert post.revisions.get().body == "Call me, I can get you some."


def test_lift_writes_one_entry_and_one_statement(moderator, author):
    member_silence(
        user=author, by=moderator, reason="r", guideline="respect", until=None
    )
    before = _counts(author)
    member_sanction_lift(user=author, by=moderator, reason="Served.")
    assert _counts(author) == tuple(n + 1 for n in before)
    author.refresh_from_db()
    assert author.silenced_until is None


def test_hiding_records_the_live_event_and_recounts_the_thread(case, moderator):
    thread = case.post.thread
    assert thread.post_count == 2
    _hidden(case, moderator)
    thread.refresh_from_db()
    assert thread.post_count == 1
    assert thread.events.filter(kind="post.hidden").count() == 1
    assert thread.category.__class__.objects.get(pk=thread.category_id).post_count == 1


def test_every_action_needs_a_reason(case, moderator):
    with pytest.raises(ValidationError):
        case_hide(case=case, by=moderator, reason="  ", guideline="respect")
    assert not AuditEntry.objects.exists()


def test_a_claimed_case_cannot_be_decided_by_another_moderator(
    case, moderator, second_moderator
):
    case_claim(case=case, by=moderator)
    with pytest.raises(ValidationError):
        case_hide(case=case, by=second_moderator, reason="r", guideline="respect")
    with pytest.raises(ValidationError):
        case_claim(case=case, by=second_moderator)


def test_a_member_cannot_act(case, member, author):
    with pytest.raises(PermissionDenied):
        case_hide(case=case, by=member, reason="r", guideline="respect")
    with pytest.raises(PermissionDenied):
        member_silence(
            user=author, by=member, reason="r", guideline="respect", until=None
        )


def test_moderators_cannot_sanction_each_other(moderator, second_moderator):
    with pytest.raises(PermissionDenied):
        member_suspend(
            user=second_moderator,
            by=moderator,
            reason="r",
            guideline="respect",
            until=None,
        )


def test_indefinite_silence_lasts_until_lifted(moderator, author):
    member_silence(
        user=author, by=moderator, reason="r", guideline="respect", until=None
    )
    author.refresh_from_db()
    assert author.silenced_until == INDEFINITE
    assert author.is_silenced


def test_statement_of_reasons_says_what_which_guideline_who_and_how_to_appeal(
    case, moderator, author
):
    _hidden(case, moderator)
    text = Notification.objects.get(user=author, kind="moderation.statement").text
    assert "Post hidden" in text
    assert "Treat each other with respect" in text
    assert "Decided by a moderator" in text
    assert "appeal" in text


def test_case_page_actions_work_through_the_form(client, case, moderator):
    client.force_login(moderator)
    response = client.post(
        f"/moderation/cases/{case.pk}/act/",
        {"action": "hide", "guideline": "respect", "reason": "Insults."},
    )
    assert response.status_code == 302
    case.post.refresh_from_db()
    assert case.post.status == PostStatus.HIDDEN


def test_case_form_without_a_reason_is_rerendered_with_what_was_typed(
    client, case, moderator
):
    client.force_login(moderator)
    response = client.post(
        f"/moderation/cases/{case.pk}/act/",
        {
            "action": "edit_restore",
            "guideline": "respect",
            "reason": "",
            "body": "my edit",
        },
    )
    assert response.status_code == 400
    assert "my edit" in response.content.decode()
