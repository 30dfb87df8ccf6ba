"""Every write of the accounts app. Other apps import from here."""

from accounts.services.blocks import (
    blocked_ids_for,
    is_blocked_between,
    member_block,
    member_unblock,
)
from accounts.services.consent import consent_record
from accounts.services.logins import login_record
from accounts.services.notifications import (
    notification_send,
    notifications_mark_all_read,
    notifications_mark_read,
)
from accounts.services.organisations import (
    membership_remove,
    membership_set_role,
    organisation_application_approve,
    organisation_application_reject,
    organisation_apply,
    organisation_invitation_answer,
    organisation_invite,
    organisation_update,
)
from accounts.services.pages import site_page_save
from accounts.services.privacy import (
    name_hider_register,
    posts_anonymise,
    user_data_export,
    user_erase,
)
from accounts.services.sanctions import (
    member_sanction_lift,
    member_silence,
    member_suspend,
    sanction_target_lock,
)
from accounts.services.users import (
    email_change_check,
    email_change_confirm,
    email_change_request,
    email_confirm,
    email_confirmation_check,
    email_confirmation_send,
    guidelines_accept,
    moderator_status_set,
    role_change_recorder_register,
    user_settings_update,
    user_signup,
)

__all__ = [
    "blocked_ids_for",
    "consent_record",
    "is_blocked_between",
    "login_record",
    "member_block",
    "member_unblock",
    "name_hider_register",
    "posts_anonymise",
    "email_change_check",
    "email_change_confirm",
    "email_change_request",
    "email_confirm",
    "email_confirmation_check",
    "email_confirmation_send",
    "guidelines_accept",
    "member_sanction_lift",
    "member_silence",
    "member_suspend",
    "membership_remove",
    "membership_set_role",
    "moderator_status_set",
    "role_change_recorder_register",
    "notification_send",
    "notifications_mark_all_read",
    "notifications_mark_read",
    "organisation_application_approve",
    "organisation_application_reject",
    "organisation_apply",
    "organisation_invitation_answer",
    "organisation_invite",
    "organisation_update",
    "sanction_target_lock",
    "site_page_save",
    "user_data_export",
    "user_erase",
    "user_settings_update",
    "user_signup",
]
