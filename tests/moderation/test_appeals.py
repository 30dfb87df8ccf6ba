from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Notification
from forum.models import PostStatus
from moderation.models import AppealState, Case, FlagReason, Statement
from moderation.services import appeal_create, appeal_decide, case_hide, flag_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(post, member, moderator, author):
    flag_create(post=post, by=member, reason=FlagReason.ABUSE)
    case_hide(
        case=Case.objects.get(), by=moderator, reason="Rude.", guideline="respect"
    )
    return Statement.objects.get(user=author)


def test_the_author_can_appeal_once(statement, author):
    appeal_create(statement=statement, by=author, text="I was quoting someone.")
    with pytest.raises(ValidationError):
        appeal_create(statement=statement, by=author, text="Again.")


def test_only_the_author_can_appeal(statement, other_member):
    with pytest.raises(PermissionDenied):
        appeal_create(statement=statement, by=other_member, text="Unfair.")


def test_appeals_close_after_six_months(statement, author):
    Statement.objects.filter(pk=statement.pk).update(
        created_at=timezone.now() - timedelta(days=190)
    )
    statement.refresh_from_db()
    with pytest.raises(ValidationError):
        appeal_create(statement=statement, by=author, text="Late.")


def test_the_moderator_who_decided_cannot_decide_the_appeal(
    statement, author, moderator
):
    appeal = appeal_create(statement=statement, by=author, text="Unfair.")
    with pytest.raises(PermissionDenied):
        appeal_decide(appeal=appeal, by=moderator, overturn=True, reason="Fine.")
    appeal.refresh_from_db()
    assert appeal.state == AppealState.PENDING


def test_another_moderator_overturns_and_the_author_is_told(
    statement, author, second_moderator, post
):
    appeal = appeal_create(statement=statement, by=author, text="I was quoting.")
    appeal_decide(
        appeal=appeal, by=second_moderator, overturn=True, reason="It was a quote."
    )
    appeal.refresh_from_db()
    post.refresh_from_db()
    assert appeal.state == AppealState.OVERTURNED
    assert post.status == PostStatus.PUBLISHED
    latest = Notification.objects.filter(user=author).first()
    assert "Appeal accepted" in latest.text


def test_an_upheld_appeal_changes_nothing_but_is_told(
    statement, author, second_moderator, post
):
    appeal = appeal_create(statement=statement, by=author, text="Unfair.")
    appeal_decide(appeal=appeal, by=second_moderator, overturn=False, reason="Rude.")
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN
    assert "Appeal rejected" in Notification.objects.filter(user=author).first().text


def test_appeal_through_the_notice_page(client, statement, author):
    client.force_login(author)
    page = client.get(f"/notices/{statement.pk}/")
    assert "Send appeal" in page.content.decode()
    response = client.post(f"/notices/{statement.pk}/", {"text": "Please look again."})
    assert response.status_code == 302
    assert statement.appeal.text == "Please look again."


def test_a_silence_overturned_on_appeal_is_lifted(author, moderator, second_moderator):
    from moderation.services import member_silence

    member_silence(
        user=author, by=moderator, reason="r", guideline="respect", until=None
    )
    appeal = appeal_create(
        statement=Statement.objects.get(user=author), by=author, text="Mistake."
    )
    appeal_decide(appeal=appeal, by=second_moderator, overturn=True, reason="Agreed.")
    author.refresh_from_db()
    assert author.silenced_until is None


def _overturn(user, by, action):
    from moderation.models import AuditEntry

    statement = Statement.objects.get(user=user, action=action)
    appeal = appeal_create(statement=statement, by=user, text="Please look again.")
    before = AuditEntry.objects.count()
    appeal_decide(appeal=appeal, by=by, overturn=True, reason="We got it wrong.")
    return AuditEntry.objects.count() - before


def test_an_overturned_lock_is_one_entry_and_one_statement(
    post, moderator, second_moderator
):
    from moderation.models import Action
    from moderation.services import case_lock_thread

    # Thread-wide actions concern the thread's author.
    author = post.thread.author
    flag_create(post=post, by=UserFactory(), reason=FlagReason.ABUSE)
    case_lock_thread(
        case=Case.objects.get(),
        by=moderator,
        reason="Lock reason.",
        guideline="respect",
    )
    statements_before = Statement.objects.filter(user=author).count()
    assert _overturn(author, second_moderator, Action.THREAD_LOCK) == 1
    post.thread.refresh_from_db()
    assert post.thread.is_locked is False
    new = Statement.objects.filter(user=author).exclude(action=Action.THREAD_LOCK)
    assert [s.action for s in new] == [Action.APPEAL_OVERTURN]
    assert Statement.objects.filter(user=author).count() == statements_before + 1
    assert not Statement.objects.filter(reason="Lock reason.").exclude(
        action=Action.THREAD_LOCK
    )
    assert list(post.thread.events.values_list("kind", flat=True))[-1] == (
        "thread.unlocked"
    )


def test_moderators_edits_are_not_appealable(post, author, moderator):
    from moderation.models import Action
    from moderation.services import case_restore

    flag_create(post=post, by=moderator, reason=FlagReason.PERSONAL_INFO)
    case_restore(
        case=Case.objects.get(),
        by=moderator,
        reason="Removed a phone number.",
        guideline="privacy",
        body="Call me.",
    )
    statement = Statement.objects.get(user=author, action=Action.POST_EDIT_RESTORE)
    assert statement.is_appealable is False
    with pytest.raises(ValidationError):
        appeal_create(statement=statement, by=author, text="Put it back.")


@pytest.mark.parametrize(
    "sanction, field",
    [("member_silence", "silenced_until"), ("member_suspend", "suspended_until")],
)
def test_overturning_an_old_sanction_keeps_a_newer_one(
    sanction, field, author, moderator, second_moderator
):
    from moderation import services
    from moderation.models import Action

    action = Action.USER_SILENCE if field == "silenced_until" else Action.USER_SUSPEND
    impose = getattr(services, sanction)
    impose(
        user=author,
        by=moderator,
        reason="First.",
        guideline="respect",
        until=timezone.now() + timedelta(days=1),
    )
    first = Statement.objects.get(user=author, action=action)
    newer_end = timezone.now() + timedelta(days=30)
    impose(
        user=author, by=moderator, reason="Again.", guideline="respect", until=newer_end
    )
    appeal = appeal_create(statement=first, by=author, text="The first was wrong.")
    appeal_decide(appeal=appeal, by=second_moderator, overturn=True, reason="Agreed.")
    author.refresh_from_db()
    assert getattr(author, field) == newer_end
