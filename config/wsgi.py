import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def client_address_from_proxy(app):
    """On a unix socket REMOTE_ADDR is empty and only the proxy can connect, so the
    proxy's X-Forwarded-For (the client's address, docs/deploy.md) names the client.
    Login throttles and sign-up limits count per client address."""

    def application(environ, start_response):
        forwarded = environ.get("HTTP_X_FORWARDED_FOR", "")
        if not environ.get("REMOTE_ADDR") and forwarded:
            environ["REMOTE_ADDR"] = forwarded.split(",")[-1].strip()
        return app(environ, start_response)

    return application


application = client_address_from_proxy(get_wsgi_application())
