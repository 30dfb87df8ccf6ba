"""Choices that more than one app stores or offers: a member's preferences name them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentWarning(models.TextChoices):
    RELAPSE = "relapse", _("Relapse")
    OVERDOSE = "overdose", _("Overdose")
    SELF_HARM = "self_harm", _("Self-harm")
    TRAUMA = "trauma", _("Trauma")
    OTHER = "other", _("Other")
