import threading
import time

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend


def wait_for_mail(count: int, deadline: float = 10.0) -> list:
    """The outbox once it holds `count` messages: some mail is delivered off-request."""
    end = time.monotonic() + deadline
    while len(mail.outbox) < count:
        if time.monotonic() > end:
            raise AssertionError(f"expected {count} message(s), got {len(mail.outbox)}")
        time.sleep(0.01)
    return mail.outbox


class GatedEmailBackend(EmailBackend):
    """The local-memory backend, but delivery waits until a test opens the gate.

    Stands in for a slow mail server, to see whether a request waits for delivery.
    """

    gate = threading.Event()

    def send_messages(self, messages):
        if not self.gate.wait(timeout=30):
            raise TimeoutError("the test never opened the mail gate")
        return super().send_messages(messages)
