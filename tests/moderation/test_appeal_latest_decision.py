"""An overturned appeal undoes its decision only while no later decision replaced it,
for every appealable action (sanctions are covered in test_appeals.py)."""

import pytest

from forum.models import PostStatus
from moderation.models import Action, Case, FlagReason, Statement
from moderation.services import (
    appeal_create,
    appeal_decide,
    case_hide,
    case_lock_thread,
    case_restore,
    flag_create,
    thread_lock,
    thread_slow_mode_change,
    thread_unlock,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _overturn(statement: Statement, by) -> None:
    appeal = appeal_create(statement=statement, by=statement.user, text="Look again.")
    appeal_decide(appeal=appeal, by=by, overturn=True, reason="The first was wrong.")


def test_overturning_an_old_hide_keeps_a_newer_hide(
    post, author, moderator, second_moderator
):
    flag_create(post=post, by=UserFactory(), reason=FlagReason.ABUSE)
    case = Case.objects.get()
    case_hide(case=case, by=moderator, reason="Rude.", guideline="respect")
    first = Statement.objects.get(user=author, action=Action.POST_HIDE)
    case_restore(case=case, by=moderator, reason="On reflection.", guideline="respect")
    case_hide(case=case, by=moderator, reason="Rude after all.", guideline="respect")
    _overturn(first, second_moderator)
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN


def test_overturning_an_old_hide_that_is_the_latest_restores_the_post(
    post, author, moderator, second_moderator
):
    flag_create(post=post, by=UserFactory(), reason=FlagReason.ABUSE)
    case_hide(
        case=Case.objects.get(), by=moderator, reason="Rude.", guideline="respect"
    )
    _overturn(Statement.objects.get(user=author), second_moderator)
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED


def test_overturning_an_old_slow_mode_keeps_a_newer_one(
    post, moderator, second_moderator
):
    thread = post.thread
    thread_slow_mode_change(thread=thread, by=moderator, minutes=10, reason="Heated.")
    first = Statement.objects.get(user=thread.author, action=Action.THREAD_SLOW_MODE)
    thread_slow_mode_change(thread=thread, by=moderator, minutes=60, reason="Worse.")
    _overturn(first, second_moderator)
    thread.refresh_from_db()
    assert thread.slow_mode_minutes == 60


def test_overturning_an_old_lock_keeps_a_newer_lock(post, moderator, second_moderator):
    thread = post.thread
    flag_create(post=post, by=UserFactory(), reason=FlagReason.ABUSE)
    case_lock_thread(
        case=Case.objects.get(), by=moderator, reason="Heated.", guideline="respect"
    )
    first = Statement.objects.get(user=thread.author, action=Action.THREAD_LOCK)
    thread_unlock(thread=thread, by=moderator, reason="Calmer now.")
    thread_lock(thread=thread, by=moderator, reason="Heated again.")
    _overturn(first, second_moderator)
    thread.refresh_from_db()
    assert thread.is_locked is True
