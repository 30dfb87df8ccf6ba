from django.db import models
from django.utils.translation import gettext_lazy as _


class SentMail(models.Model):
    """One row per mail event that went out: a task that runs again (a retry, a worker
    that died after sending, the same event enqueued twice) finds it and sends nothing.

    Holds only the event's key, never an address or any text of the mail.
    """

    key = models.CharField(_("event key"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent mail")
        verbose_name_plural = _("sent mails")

    def __str__(self) -> str:
        return self.key
