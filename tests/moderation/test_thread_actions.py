import pytest
from django.core.exceptions import ValidationError

from accounts.models import Notification
from moderation.models import Action, AuditEntry, Case, FlagReason, Statement
from moderation.services import case_lock_thread, flag_create, thread_lock
from tests.factories import CategoryFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def _statements(user) -> tuple[int, int]:
    return (
        Statement.objects.filter(user=user).count(),
        Notification.objects.filter(user=user, kind="moderation.statement").count(),
    )


@pytest.mark.parametrize(
    ("action", "logged_as", "told"),
    [
        ("lock", Action.THREAD_LOCK, True),
        ("unlock", Action.THREAD_UNLOCK, True),
        ("pin", Action.THREAD_PIN, False),
        ("unpin", Action.THREAD_UNPIN, False),
        ("move", Action.THREAD_MOVE, True),
    ],
)
def test_thread_page_moderation_writes_one_audit_entry(
    client, moderator, author, action, logged_as, told
):
    thread = ThreadFactory(
        author=author, is_locked=action == "unlock", is_pinned=action == "unpin"
    )
    target = CategoryFactory()
    client.force_login(moderator)
    response = client.post(
        f"/t/{thread.pk}/moderate/",
        {"action": action, "reason": "Keeps the space calm.", "category": target.pk},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.thread, entry.target_user) == (
        logged_as,
        moderator,
        thread,
        author,
    )
    assert entry.reason == "Keeps the space calm." and entry.created_at
    # Spec §3: the author is told the outcome when it affects them; pins need no notice.
    assert _statements(author) == ((1, 1) if told else (0, 0))


def test_thread_page_moderation_needs_a_reason(client, moderator):
    thread = ThreadFactory()
    client.force_login(moderator)
    response = client.post(f"/t/{thread.pk}/moderate/", {"action": "lock"}, follow=True)
    assert "Give a reason" in response.content.decode()
    thread.refresh_from_db()
    assert thread.is_locked is False
    assert not AuditEntry.objects.exists()


def test_locking_through_a_case_writes_one_entry_linked_to_the_case(
    post, member, moderator
):
    flag_create(post=post, by=member, reason=FlagReason.ABUSE, note="rude")
    case = Case.objects.get(post=post)
    entry = case_lock_thread(
        case=case, by=moderator, reason="Heated.", guideline="respect"
    )
    assert list(AuditEntry.objects.all()) == [entry]
    assert (entry.action, entry.case, entry.guideline) == (
        Action.THREAD_LOCK,
        case,
        "respect",
    )
    assert Statement.objects.get().guideline == "respect"


def test_locking_an_already_locked_thread_through_a_case_is_refused(
    post, member, moderator
):
    flag_create(post=post, by=member, reason=FlagReason.ABUSE, note="rude")
    case = Case.objects.get(post=post)
    thread_lock(thread=post.thread, by=moderator, reason="Heated.")
    with pytest.raises(ValidationError):
        case_lock_thread(case=case, by=moderator, reason="Again.", guideline="respect")
    assert AuditEntry.objects.count() == 1
