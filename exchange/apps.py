from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.notification_texts import actor_text_register


class ExchangeConfig(AppConfig):
    name = "exchange"

    def ready(self) -> None:
        from accounts.services.privacy import privacy_register
        from exchange import privacy

        # Imported here: selectors import models, which the app registry loads first.
        from exchange.selectors import practice_editor_audience, practices_published
        from forum.selectors import tag_source_register
        from forum.services.notify import post_audience_register

        # Published write-ups share the threads' tags, and anyone may read them.
        tag_source_register(practices_published)
        privacy_register(self.label, privacy)
        post_audience_register(practice_editor_audience)
        actor_text_register(
            "practice.reply",
            named=_("%(author)s replied about your organisation's write-up."),
            anonymous=_("A deleted member replied about your organisation's write-up."),
        )
        actor_text_register(
            "practice.experience",
            named=_("%(author)s reported implementing your organisation's write-up."),
            anonymous=_(
                "A deleted member reported implementing your organisation's write-up."
            ),
        )
        actor_text_register(
            "watch.practice",
            named=_("%(author)s published a write-up of an organisation you watch."),
            anonymous=_(
                "A deleted member published a write-up of an organisation you watch."
            ),
        )
