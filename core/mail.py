"""Mail to a member, written in the language they chose, whatever the request's is.

Every mail leaves through a task (docs/architecture.md, "Mail and background work"):

    @mail_composer("accounts.email_confirmation")
    def compose(member, **params) -> tuple[str, str] | None: ...

    member_mail_enqueue(member, "accounts.email_confirmation", event_key=..., **params)

`member_mail_enqueue` queues `member_mail_task` when the caller's transaction commits.
The task stores only the member's id, the composer's name, JSON parameters (ids, never
text) and the event's key; it composes the mail in the member's language when it runs,
so nothing stale or private waits in the queue. A composer that returns None sends
nothing (the mail no longer applies, e.g. the address was confirmed meanwhile).
A mail server that fails is retried with backoff (settings.MAIL_RETRY_DELAYS); the
`SentMail` row of the event's key, written in the sending transaction, makes a rerun
send nothing.
"""

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from core.models import SentMail

logger = logging.getLogger(__name__)

# (subject, body), or (subject, body, headers) for a mail that carries its own headers
# (List-Unsubscribe); None sends nothing.
Composer = Callable[..., tuple[str, str] | tuple[str, str, dict[str, str]] | None]

# Filled by the apps that write mail, from their modules imported in AppConfig.ready(),
# so that the worker process knows every kind.
_composers: dict[str, Composer] = {}


def member_language(member) -> translation.override:
    """Translate in the member's chosen language (the site's if they chose none)."""
    return translation.override(member.preferred_language or settings.LANGUAGE_CODE)


def mail_composer(kind: str) -> Callable[[Composer], Composer]:
    """Register `compose(member, **params) -> (subject, body) | None` under `kind`."""

    def register(compose: Composer) -> Composer:
        _composers[kind] = compose
        return compose

    return register


def member_mail_enqueue(
    member, kind: str, *, to: str = "", event_key: str = "", **params: Any
) -> None:
    """After the current transaction commits, queue the `kind` mail to `member`.

    `to` sends to another address of theirs (one being confirmed or replaced).
    `params` must be JSON values (ids, addresses), never post text. `event_key` names the
    event (e.g. "digest:42:2026-W49"): however often it is enqueued, or its task run, one
    mail goes out; without it each call is its own event. An unsaved member (a password
    reset for an unknown address) queues a task that sends nothing, so that the caller's
    work does not tell the two cases apart. Never raises for a queue or mail failure.
    """
    if kind not in _composers:
        raise LookupError(f"no mail composer registered for {kind!r}")
    kwargs = {
        "member_id": member.pk,
        "kind": kind,
        "to": to,
        "params": params,
        "key": event_key or f"{kind}:{uuid.uuid4().hex}",
        "attempt": 1,
    }
    transaction.on_commit(partial(_enqueue, kwargs), robust=True)


def _enqueue(kwargs: dict[str, Any], *, delay: float = 0) -> None:
    try:
        queued = member_mail_task
        if delay and queued.get_backend().supports_defer:
            queued = queued.using(run_after=timezone.now() + timedelta(seconds=delay))
        queued.enqueue(**kwargs)
    except Exception:
        logger.exception("mail task %s could not be queued", kwargs["kind"])


def retry_delay(attempt: int) -> float | None:
    """Seconds before attempt `attempt + 1`, or None once attempts are used up."""
    delays = settings.MAIL_RETRY_DELAYS
    return delays[attempt - 1] if attempt <= len(delays) else None


@task()
def member_mail_task(
    *,
    member_id: int | None,
    kind: str,
    to: str,
    params: dict[str, Any],
    key: str,
    attempt: int,
) -> str:
    """Compose and send one mail event, once; on a mail failure queue the next attempt."""
    if member_id is None:
        return "nobody"
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    SentMail.objects.create(key=key)
            except IntegrityError:
                return "already sent"
            member = get_user_model().objects.filter(pk=member_id).first()
            address = to or (member.email if member else "")
            if member is None or not address:
                return "no address"
            with member_language(member):
                written = _composers[kind](member, **params)
            if written is None:
                return "not needed"
            subject, body, *extra = written
            # A failure here rolls back the SentMail row, so the retry sends.
            member_mail_send(
                member,
                lambda: (subject, body),
                to=address,
                headers=extra[0] if extra else None,
            )
    except Exception:
        delay = retry_delay(attempt)
        if delay is None:
            logger.exception("mail %s gave up after %d attempts", kind, attempt)
        else:
            logger.warning("mail %s attempt %d failed; retrying", kind, attempt)
            _enqueue(
                {
                    "member_id": member_id,
                    "kind": kind,
                    "to": to,
                    "params": params,
                    "key": key,
                    "attempt": attempt + 1,
                },
                delay=delay,
            )
        raise
    return "sent"


def member_mail_forget(member_id: int) -> int:
    """Blank the addresses and parameters in `member_id`'s mail tasks, queued or done,
    as their account is erased. One still queued then finds no address and sends
    nothing. Returns how many task rows changed."""
    rows = DBTaskResult.objects.filter(
        task_path=member_mail_task.module_path,
        args_kwargs__kwargs__member_id=member_id,
    )
    changed = 0
    for row in rows.select_for_update():
        row.args_kwargs["kwargs"].update(to="", params={})
        # A failed send's traceback may quote the address the server refused.
        row.traceback = ""
        row.save(update_fields=["args_kwargs", "traceback"])
        changed += 1
    return changed


def member_mail_send(
    member,
    compose: Callable[[], tuple[str, str]],
    *,
    to: str = "",
    headers: dict[str, str] | None = None,
) -> None:
    """Send now, in this process, the (subject, body) that `compose` writes in
    `member`'s language. Only for code that is itself background work (the mail task,
    a management command); requests use member_mail_enqueue. `headers` adds mail
    headers (List-Unsubscribe)."""
    with member_language(member):
        subject, body = compose()
    EmailMessage(subject, body, None, [to or member.email], headers=headers).send()
