from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts.views import account, auth, notifications, organisations, profile
from accounts.views.passwords import (
    PasswordChangeView,
    PasswordResetConfirmView,
    PasswordResetForm,
)

app_name = "accounts"

password_urls = [
    path(
        "accounts/password/",
        PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            template_name="accounts/password_reset.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            extra_email_context={"site_name": settings.SITE_NAME},
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "accounts/password_reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", auth.signup, name="signup"),
    path("accounts/signup/done/", auth.signup_done, name="signup_done"),
    path("accounts/confirm/resend/", auth.confirm_email_resend, name="confirm_resend"),
    path("accounts/confirm/<str:token>/", auth.confirm_email, name="confirm_email"),
    *password_urls,
    path("accounts/notifications/", notifications.notifications, name="notifications"),
    path(
        "accounts/notifications/<int:pk>/",
        notifications.notification_open,
        name="notification_open",
    ),
    path(
        "accounts/settings/notifications/",
        notifications.notification_settings,
        name="notification_settings",
    ),
    path(
        "accounts/unsubscribe/<str:token>/",
        notifications.unsubscribe,
        name="unsubscribe",
    ),
    path("accounts/settings/", account.settings_view, name="settings"),
    path("accounts/language/", account.language_set, name="language_set"),
    path("accounts/email/", account.email_change, name="email_change"),
    path(
        "accounts/email/confirm/<str:token>/",
        account.email_change_confirm,
        name="email_change_confirm",
    ),
    path("accounts/export/", account.export, name="export"),
    path("accounts/anonymise/", account.anonymise, name="anonymise"),
    path("accounts/delete/", account.delete, name="delete"),
    path("accounts/deleted/", account.deleted, name="deleted"),
    path("accounts/invitations/", organisations.invitations, name="invitations"),
    path(
        "accounts/invitations/<int:pk>/answer/",
        organisations.invitation_answer,
        name="invitation_answer",
    ),
    path("u/<str:username>/", profile.profile, name="profile"),
    path("u/<str:username>/block/", profile.block, name="block"),
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path(
        "organisations/apply/",
        organisations.organisation_apply,
        name="organisation_apply",
    ),
    path(
        "organisations/applications/<int:pk>/",
        organisations.application_status,
        name="application_status",
    ),
    path(
        "organisations/review/", organisations.application_list, name="application_list"
    ),
    path(
        "organisations/review/<int:pk>/",
        organisations.application_review,
        name="application_review",
    ),
    path(
        "o/<slug:slug>/staff/<int:pk>/role/",
        organisations.membership_role,
        name="membership_role",
    ),
    path(
        "o/<slug:slug>/staff/<int:pk>/remove/",
        organisations.membership_remove,
        name="membership_remove",
    ),
    path(
        "o/<slug:slug>/staff/<int:pk>/support-worker/",
        organisations.membership_support_worker,
        name="membership_support_worker",
    ),
]
