from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.notification_texts import actor_text_register


class ForumConfig(AppConfig):
    name = "forum"

    def ready(self) -> None:
        from accounts.services.privacy import name_hider_register, privacy_register
        from forum import privacy

        actor_text_register(
            "mention",
            named=_("%(author)s mentioned you in a thread."),
            anonymous=_("A deleted member mentioned you in a thread."),
        )
        privacy_register(self.label, privacy)
        name_hider_register(self.label, privacy.hide_name_before)
