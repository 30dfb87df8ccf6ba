"""The base of the project's middleware: one class usable on both request paths.

Under daphne, Django runs the middleware chain as coroutines; one sync-only middleware in
it makes every request hop to a thread and back into the event loop (AsyncToSync), and a
thread parked in that hop never finishes once the loop stops, so the process cannot exit
on SIGTERM. Every middleware of ours therefore has a native async path.
"""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction


class DualPathMiddleware:
    """Sync- and async-capable: marks itself a coroutine function when the chain below
    it is one, so that subclasses branch on `iscoroutinefunction(self)` in __call__."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)
