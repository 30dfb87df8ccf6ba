from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts.notification_texts import (
    actor_text_register,
    content_check_register,
    content_filter_register,
    count_text_register,
)


class ForumConfig(AppConfig):
    name = "forum"

    def ready(self) -> None:
        from accounts.services.privacy import name_hider_register, privacy_register
        from forum import privacy
        from forum.services.notify import (
            notification_content_check,
            notification_content_q,
        )

        actor_text_register(
            "mention",
            named=_("%(author)s mentioned you in a thread."),
            anonymous=_("A deleted member mentioned you in a thread."),
        )
        actor_text_register(
            "post.reply",
            named=_("%(author)s replied in a thread you follow."),
            anonymous=_("A deleted member replied in a thread you follow."),
        )
        actor_text_register(
            "post.quote",
            named=_("%(author)s quoted your post."),
            anonymous=_("A deleted member quoted your post."),
        )
        actor_text_register(
            "watch.thread",
            named=_("%(author)s started a thread in something you watch."),
            anonymous=_("A deleted member started a thread in something you watch."),
        )
        count_text_register(
            "post.reaction",
            ngettext_lazy(
                "Someone reacted to your post.",
                "%(count)s reactions to your post.",
                "count",
            ),
        )
        content_check_register(notification_content_check)
        content_filter_register(notification_content_q)
        privacy_register(self.label, privacy)
        name_hider_register(self.label, privacy.hide_name_before)
