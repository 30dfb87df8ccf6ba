"""Logging filters named in settings.LOGGING."""

import logging

import redis.exceptions


def _is_outage(error: BaseException | None) -> bool:
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, redis.exceptions.ConnectionError | ConnectionError):
            return True
        error = error.__cause__ or error.__context__
    return False


class OutageWithoutTraceback(logging.Filter):
    """While Redis is unreachable, the channel layer logs a failure per socket and per
    second. The cause is one and known, so each record keeps one line and loses its
    traceback; any other error keeps its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and _is_outage(record.exc_info[1]):
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True
