from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    name = "voice"
    verbose_name = "Voice"

    def ready(self) -> None:
        from accounts.services.privacy import privacy_register
        from core.review import ReviewSource, review_source_register
        from voice import privacy
        from voice.selectors.stories import stories_pending
        from voice.services.stories import story_decide

        review_source_register(
            ReviewSource(
                kind="voice.story",
                label=_("Recovery stories"),
                pending=stories_pending,
                decide=story_decide,
                template="voice/story_review_item.html",
            )
        )
        privacy_register(self.label, privacy)
