"""Every write of the accounts app. Other apps import from here."""

from accounts.services.notifications import (
    notification_send,
    notifications_mark_all_read,
    notifications_mark_read,
)
from accounts.services.organisations import (
    membership_remove,
    membership_set_role,
    membership_support_worker_set,
    organisation_application_approve,
    organisation_application_reject,
    organisation_apply,
    organisation_invitation_answer,
    organisation_invite,
    organisation_update,
)
from accounts.services.pages import site_page_save
from accounts.services.privacy import user_data_export, user_erase
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
    "membership_support_worker_set",
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
