"""Mail leaves through durable tasks: queued with the change that caused it, sent by
a real `manage.py db_worker` process, retried when the mail server fails, and sent once
per event however often its task runs."""

import logging
import threading
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from accounts.services import email_confirmation_send
from core.mail import member_mail_enqueue, member_mail_task
from core.models import SentMail
from tests.factories import UserFactory
from tests.live_server import free_port
from tests.task_worker import DATABASE_TASKS, start_worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def workers(tmp_path):
    started = []

    def start(env=None):
        worker = start_worker(tmp_path, env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def _mail_files(directory):
    return sorted(directory.glob("*.log")) if directory.exists() else []


def _file_mail_env(directory):
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(directory),
    }


def test_mail_queued_while_the_worker_is_down_goes_out_when_it_starts(
    tmp_path, workers
):
    member = UserFactory(email="waiting@example.org", email_confirmed_at=None)
    outbox = tmp_path / "outbox"
    with DATABASE_TASKS:
        email_confirmation_send(user=member)
    [queued] = DBTaskResult.objects.all()
    assert queued.status == "READY"
    assert queued.task_path == "core.mail.member_mail_task"
    # Only ids and the composer's name wait in the queue, never the mail's text.
    assert "confirm" not in str(queued.args_kwargs["kwargs"]).replace(
        "accounts.email_confirmation", ""
    )
    assert mail.outbox == [] and _mail_files(outbox) == []

    worker = workers(_file_mail_env(outbox))
    # The task ends once the mail is written.
    wait_for(
        lambda: DBTaskResult.objects.filter(status="SUCCESSFUL").exists(),
        worker=worker,
        what="finished task",
    )
    [sent] = _mail_files(outbox)
    text = sent.read_text()
    assert "To: waiting@example.org" in text
    assert "/accounts/confirm/" in text


class FlakySMTP:
    """An SMTP sink that refuses the first `failures` messages with a temporary error."""

    def __init__(self, failures: int):
        self.failures = failures
        self.refused = 0
        self.accepted = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refused < self.failures:
                self.refused += 1
                return "451 4.3.0 Try again later"
            self.accepted.append(envelope)
        return "250 OK"


@pytest.fixture
def flaky_smtp():
    handler = FlakySMTP(failures=1)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


def test_a_mail_the_server_refused_is_retried_after_a_delay(
    tmp_path, workers, flaky_smtp
):
    handler, port = flaky_smtp
    member = UserFactory(email="retry@example.org", email_confirmed_at=None)
    with DATABASE_TASKS:
        email_confirmation_send(user=member)
    worker = workers(
        {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "MAIL_RETRY_DELAYS": "1,1",
        }
    )
    wait_for(lambda: handler.accepted, worker=worker, what="accepted mail")
    assert handler.refused == 1
    [envelope] = handler.accepted
    assert envelope.rcpt_tos == ["retry@example.org"]
    assert "/accounts/confirm/" in message_from_bytes(envelope.content).get_payload()
    wait_for(
        lambda: DBTaskResult.objects.filter(status="SUCCESSFUL").exists(),
        worker=worker,
        what="finished retry",
    )
    failed, retried = DBTaskResult.objects.order_by("enqueued_at")
    assert failed.status == "FAILED"
    assert "SMTP" in failed.exception_class_path
    assert retried.args_kwargs["kwargs"]["attempt"] == 2
    assert retried.run_after.timestamp() >= failed.finished_at.timestamp() + 0.9
    assert SentMail.objects.count() == 1


def test_a_mail_event_is_sent_once_however_often_its_task_runs(tmp_path, workers):
    member = UserFactory(email="once@example.org")
    outbox = tmp_path / "outbox"
    with DATABASE_TASKS:
        for _ in range(2):
            member_mail_enqueue(member, "accounts.notification", event_key="event:1")
    assert DBTaskResult.objects.count() == 2
    worker = workers(_file_mail_env(outbox))
    wait_for(
        lambda: DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2,
        worker=worker,
        what="both tasks finished",
    )
    # A worker that died after sending leaves its task to run again: still one mail.
    DBTaskResult.objects.update(status="READY")
    wait_for(
        lambda: DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2,
        worker=worker,
        what="both tasks finished again",
    )
    [sent] = _mail_files(outbox)
    assert sent.read_text().count("To: once@example.org") == 1
    assert [result.return_value for result in DBTaskResult.objects.all()] == [
        "already sent",
        "already sent",
    ]


def test_a_mail_server_that_is_down_never_fails_the_request_and_attempts_are_bounded(
    client, settings, caplog
):
    # Tasks run at once here: every attempt fails at once, as many times as allowed.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    settings.MAIL_RETRY_DELAYS = (0, 0)
    member = UserFactory(email="lost@example.org")
    with caplog.at_level(logging.WARNING, logger="core.mail"):
        response = client.post(
            reverse("accounts:password_reset"), {"email": member.email}
        )
    assert response.status_code == 302
    records = [record for record in caplog.records if record.name == "core.mail"]
    assert [record.levelname for record in records] == ["WARNING", "WARNING", "ERROR"]
    assert "gave up after 3 attempts" in records[-1].getMessage()
    assert not SentMail.objects.exists()


def test_an_unknown_address_queues_a_task_that_sends_nothing(client):
    with DATABASE_TASKS:
        response = client.post(
            reverse("accounts:password_reset"), {"email": "nobody@example.org"}
        )
    assert response.status_code == 302
    [queued] = DBTaskResult.objects.all()
    kwargs = queued.args_kwargs["kwargs"]
    assert kwargs["member_id"] is None and kwargs["to"] == ""
    assert "nobody@example.org" not in str(queued.args_kwargs)
    assert member_mail_task.call(**kwargs) == "nobody"
    assert mail.outbox == []


def test_an_unregistered_mail_kind_is_refused_at_once(member):
    with pytest.raises(LookupError):
        member_mail_enqueue(member, "no.such.kind")
