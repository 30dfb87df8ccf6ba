"""Mail still queued when a member erases their account: its task row keeps no address,
and when the worker reaches it nothing is sent."""

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from accounts.services import user_erase
from accounts.services.users import email_change_request
from core.mail import member_mail_task
from tests.factories import UserFactory
from tests.task_worker import DATABASE_TASKS

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_queued_mail_of_an_erased_member_keeps_no_address_and_sends_nothing():
    member = UserFactory(email="leaving@example.org")
    other = UserFactory(email="staying@example.org")
    with DATABASE_TASKS:
        email_change_request(user=member, new_email="leaving.new@example.org")
        email_change_request(user=other, new_email="staying.new@example.org")
    user_erase(user=member, by=member, keep_posts=True)

    queued = {
        row.args_kwargs["kwargs"]["member_id"]: row.args_kwargs["kwargs"]
        for row in DBTaskResult.objects.all()
    }
    assert "leaving" not in str(queued[member.pk])
    assert queued[member.pk]["to"] == ""
    # Another member's mail is left as it was.
    assert queued[other.pk]["to"] == "staying.new@example.org"

    assert member_mail_task.call(**queued[member.pk]) == "no address"
    assert member_mail_task.call(**queued[other.pk]) == "sent"
    assert [message.to for message in mail.outbox] == [["staying.new@example.org"]]
