from django.conf import settings
from django.shortcuts import render


class ContentSecurityPolicyMiddleware:
    """Send the strict policy on every response: no inline script, nothing from third parties."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", settings.CONTENT_SECURITY_POLICY
        )
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class RejectNullCharactersMiddleware:
    """Answer 400 to a URL whose path or query string holds a NUL character.

    No page has a use for one, PostgreSQL refuses NUL in text (a lookup would fail with a
    500), and stopping it here covers every view that reads request.GET or a path
    converter. Form bodies are left to the forms, which report it and keep the text.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return render(request, "400.html", status=400)
        return self.get_response(request)
