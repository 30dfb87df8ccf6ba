from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    name = "voice"
    verbose_name = "Voice"

    def ready(self) -> None:
        from accounts.services.privacy import privacy_register
        from core.review import ReviewSource, review_source_register
        from voice import privacy

        # Imported here: selectors and services import models, loaded first.
        from voice.selectors.statements import testimonies_pending, testimony_described
        from voice.selectors.stories import stories_pending, story_described
        from voice.services.statements import testimony_decide
        from voice.services.stories import story_decide

        review_source_register(
            ReviewSource(
                kind="voice.story",
                label=_("Recovery stories"),
                pending=stories_pending,
                decide=story_decide,
                template="voice/story_review_item.html",
                describe=story_described,
            )
        )
        review_source_register(
            ReviewSource(
                kind="voice.testimony",
                label=_("Testimonies on position statements"),
                pending=testimonies_pending,
                decide=testimony_decide,
                template="voice/partials/_testimony_review.html",
                describe=testimony_described,
            )
        )
        privacy_register(self.label, privacy)
