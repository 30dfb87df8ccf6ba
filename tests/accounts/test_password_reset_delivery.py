import threading

import pytest
from django.core import mail
from django.test.signals import template_rendered
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from core.mail import member_mail_task
from tests.factories import UserFactory
from tests.mail import GatedEmailBackend
from tests.task_worker import DATABASE_TASKS

pytestmark = pytest.mark.django_db(transaction=True)


def _run_queued() -> list[str]:
    """Run each queued mail task as the worker would, oldest first."""
    return [
        member_mail_task.call(**queued.args_kwargs["kwargs"])
        for queued in DBTaskResult.objects.order_by("enqueued_at")
    ]


def test_reset_for_a_known_address_does_not_wait_for_the_mail_server(client, settings):
    # A known address's answer must not be slower than an unknown one's (SPEC §7).
    settings.EMAIL_BACKEND = "tests.mail.GatedEmailBackend"
    user = UserFactory(email="known@example.org")
    GatedEmailBackend.gate.clear()
    try:
        with DATABASE_TASKS:
            response = client.post(
                reverse("accounts:password_reset"), {"email": "known@example.org"}
            )
        assert response.status_code == 302
        assert mail.outbox == []
    finally:
        GatedEmailBackend.gate.set()
    assert _run_queued() == ["sent"]
    assert mail.outbox[0].to == [user.email]
    assert "/accounts/reset/" in mail.outbox[0].body


def _templates_rendered_in_the_request(client, email: str) -> list[str]:
    """Templates the request thread itself renders before it answers."""
    request_thread = threading.get_ident()
    names = []

    def record(sender, template, **kwargs):
        if threading.get_ident() == request_thread:
            names.append(template.name)

    template_rendered.connect(record)
    try:
        with DATABASE_TASKS:
            response = client.post(reverse("accounts:password_reset"), {"email": email})
    finally:
        template_rendered.disconnect(record)
    assert response.status_code == 302
    return names


def test_known_and_unknown_addresses_do_the_same_work_before_the_answer(client):
    # SPEC §7: the answer's timing must not tell a known address from an unknown one,
    # so both queue one mail task and build nothing; only the known address's task
    # sends a mail.
    UserFactory(email="known@example.org")
    unknown = _templates_rendered_in_the_request(client, "nobody@example.org")
    known = _templates_rendered_in_the_request(client, "known@example.org")
    assert known == unknown
    assert "accounts/email/password_reset.txt" not in known
    assert DBTaskResult.objects.count() == 2
    assert _run_queued() == ["nobody", "sent"]
    assert [message.to for message in mail.outbox] == [["known@example.org"]]
