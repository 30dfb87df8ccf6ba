import logging
import sys

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import Resolver404
from django.utils.functional import Promise
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("healthz: database unreachable")
        return False


def _channel_layer_ok() -> bool:
    try:
        async_to_sync(get_channel_layer().group_send)(
            "healthz", {"type": "healthz.ping"}
        )
        return True
    except Exception:
        logger.exception("healthz: channel layer unreachable")
        return False


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database_ok(), "channel_layer": _channel_layer_ok()}
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks},
        status=200 if healthy else 503,
    )


def permission_denied(request, exception=None):
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def _not_found_message(exception: Exception | None) -> str:
    """The text the code raised Http404 with (SPEC §4: a 404 says what was not found).

    The resolver's own 404 carries a dict of the patterns it tried, never shown.
    """
    if isinstance(exception, Resolver404) or exception is None or not exception.args:
        return ""
    message = exception.args[0]
    return str(message) if isinstance(message, str | Promise) else ""


def page_not_found(request, exception=None):
    return render(
        request,
        "404.html",
        {"path": request.path, "message": _not_found_message(exception)},
        status=404,
    )


def server_error(request):
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        # The database refused or dropped the work (too many connections, restart,
        # lock timeout): a moment later the same request normally succeeds. Rendered
        # without the request: its context processors would ask the database again.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(settings.HTTP_RETRY_AFTER_SECONDS)
        return response
    return render(request, "500.html", status=500)
