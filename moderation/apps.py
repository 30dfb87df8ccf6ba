from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"

    def ready(self) -> None:
        from accounts.sanctions import suspension_link_register
        from accounts.services import role_change_recorder_register
        from accounts.services.privacy import name_hider_register, privacy_register
        from accounts.services.retention import retention_register
        from forum.screening import screener_register
        from moderation import privacy
        from moderation.screening import ModerationScreener
        from moderation.selectors import suspension_statement_link
        from moderation.services.audit import moderator_change_record
        from moderation.services.checkins import checkins_purge_closed

        screener_register(ModerationScreener())
        suspension_link_register(lambda user: suspension_statement_link(user=user))
        role_change_recorder_register(moderator_change_record)
        privacy_register(self.label, privacy)
        name_hider_register(self.label, privacy.hide_name_before)
        # Closed check-ins go after RETENTION_CLOSED_CHECKIN_DAYS (apply_retention).
        retention_register("closed check-ins", checkins_purge_closed)
