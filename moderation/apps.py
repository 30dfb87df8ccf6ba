from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"

    def ready(self) -> None:
        from forum.screening import screener_register
        from moderation.screening import ModerationScreener

        screener_register(ModerationScreener())
