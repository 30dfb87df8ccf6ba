import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from forum.services.notify import RELAY_BATCH, post_notifications_relay

DEFAULT_INTERVAL = 0.2
# Without POST_NOTIFICATIONS_IN_WORKER nothing new arrives (`make run` without Redis):
# the relay only empties what an earlier run with it left, so it looks seldom.
IDLE_INTERVAL = 10.0
# After a failed batch (the database away): wait, then try the same posts again.
RETRY_SECONDS = 5

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Make the notifications of published posts waiting in the outbox "
        "(settings.POST_NOTIFICATIONS_IN_WORKER), in batches, until stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=DEFAULT_INTERVAL,
            help=f"seconds between looks at an empty outbox (default {DEFAULT_INTERVAL})",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="empty the outbox once, then exit (an error ends it)",
        )

    def handle(self, *args, interval: float, once: bool, **options):
        if once:
            while post_notifications_relay(limit=RELAY_BATCH) == RELAY_BATCH:
                pass
            return
        if not settings.POST_NOTIFICATIONS_IN_WORKER:
            interval = max(interval, IDLE_INTERVAL)
        stopping = threading.Event()
        signal.signal(signal.SIGTERM, lambda signum, frame: stopping.set())
        signal.signal(signal.SIGINT, lambda signum, frame: stopping.set())
        while not stopping.is_set():
            try:
                taken = post_notifications_relay(limit=RELAY_BATCH)
            except Exception:
                # The batch rolled back and stays in the outbox.
                logger.exception("notification relay: batch failed; retrying")
                close_old_connections()
                stopping.wait(RETRY_SECONDS)
                continue
            if not taken:
                # Idle: a connection past its age (or broken) is reopened next time.
                close_old_connections()
                # Returns at once on SIGTERM or Ctrl-C.
                stopping.wait(interval)
