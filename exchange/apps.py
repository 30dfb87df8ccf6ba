from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "exchange"

    def ready(self) -> None:
        from accounts.services.privacy import privacy_register
        from exchange import privacy

        # Imported here: selectors import models, which the app registry loads first.
        from exchange.selectors import practices_published
        from forum.selectors import tag_source_register

        # Published write-ups share the threads' tags, and anyone may read them.
        tag_source_register(practices_published)
        privacy_register(self.label, privacy)
