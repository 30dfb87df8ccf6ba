from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path("p/<int:pk>/flag/", views.flag, name="flag"),
    path("p/<int:pk>/flag/thanks/", views.flag_thanks, name="flag_thanks"),
    path("t/<int:pk>/moderate/", views.thread_moderate, name="thread_moderate"),
    path("notices/", views.notices, name="notices"),
    path("notices/<int:pk>/", views.notice, name="statement"),
    path("notices/link/<str:token>/", views.statement_link, name="statement_link"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/cases/<int:pk>/", views.case_detail, name="case"),
    path("moderation/cases/<int:pk>/row/", views.case_row, name="case_row"),
    path("moderation/cases/<int:pk>/claim/", views.case_claim, name="case_claim"),
    path("moderation/cases/<int:pk>/note/", views.case_note, name="case_note"),
    path("moderation/cases/<int:pk>/act/", views.case_act, name="case_act"),
    path(
        "moderation/cases/<int:pk>/sanction/",
        views.case_sanction,
        name="case_sanction",
    ),
    path("moderation/members/<str:username>/", views.member, name="member"),
    path(
        "moderation/threads/<int:pk>/slow-mode/",
        views.thread_slow_mode,
        name="slow_mode",
    ),
    path("moderation/approval/", views.approval, name="approval"),
    path(
        "moderation/approval/<int:pk>/",
        views.approval_decide,
        name="approval_decide",
    ),
    path(
        "moderation/approval/<int:pk>/row/",
        views.approval_row,
        name="approval_row",
    ),
    path(
        "moderation/review/<str:kind>/<int:pk>/",
        views.review_decide,
        name="review_decide",
    ),
    path("moderation/words/", views.words, name="words"),
    path("moderation/words/<int:pk>/delete/", views.word_delete, name="word_delete"),
    path("moderation/appeals/", views.appeals, name="appeals"),
    path("moderation/appeals/<int:pk>/", views.appeal_decide, name="appeal_decide"),
    path("moderation/log/", views.log, name="log"),
    path("moderation/stats/", views.stats, name="stats"),
    path("checkins/", views.checkins, name="checkins"),
    path("checkins/new/", views.checkin_new, name="checkin_new"),
    path("checkins/<int:pk>/", views.checkin_detail, name="checkin"),
    path(
        "checkins/<int:pk>/messages/", views.checkin_messages, name="checkin_messages"
    ),
    path("checkins/<int:pk>/reply/", views.checkin_reply, name="checkin_reply"),
    path("checkins/<int:pk>/close/", views.checkin_close, name="checkin_close"),
    path(
        "checkins/messages/<int:pk>/report/",
        views.checkin_message_report,
        name="checkin_report",
    ),
    path(
        "checkins/messages/<int:pk>/reviewed/",
        views.checkin_report_review,
        name="checkin_report_review",
    ),
    path("transparency/", views.transparency, name="transparency"),
]
