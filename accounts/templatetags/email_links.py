"""Links and the site's name for e-mail templates.

E-mails build every link on SITE_URL, like those sent from services: the request's
Host header names whatever address the client used (a proxy's, a loopback port), and a
mail rendered from it would send the member somewhere else.
"""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@register.simple_tag
def site_name() -> str:
    return settings.SITE_NAME
