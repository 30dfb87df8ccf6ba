"""Position statements, under /voice/ (SPEC §4)."""

from django.urls import path

from voice.feeds import StatementFeed
from voice.views import statements as views

app_name = "voice"

urlpatterns = [
    path("", views.statement_list, name="list"),
    path("new/", views.statement_create, name="new"),
    path("feed/", StatementFeed(), name="feed"),
    path("<slug:slug>/", views.statement_detail, name="statement"),
    path("<slug:slug>/edit/", views.statement_edit, name="edit"),
    path("<slug:slug>/move/", views.statement_move, name="move"),
    path("<slug:slug>/history/", views.statement_history, name="history"),
    path("<slug:slug>/endorse/", views.statement_endorse, name="endorse"),
    path(
        "<slug:slug>/endorsements/<int:pk>/withdraw/",
        views.endorsement_withdraw,
        name="endorsement_withdraw",
    ),
    path("<slug:slug>/cosign/", views.statement_cosign, name="cosign"),
    path("<slug:slug>/testimonies/", views.testimony_submit, name="testimony"),
    path(
        "<slug:slug>/testimonies/<int:pk>/withdraw/",
        views.testimony_withdraw,
        name="testimony_withdraw",
    ),
    path(
        "<slug:slug>/testimonies/<int:pk>/choose/",
        views.testimony_choose,
        name="testimony_choose",
    ),
    path("<slug:slug>/evidence/", views.evidence_add, name="evidence"),
    path(
        "<slug:slug>/evidence/<int:pk>/remove/",
        views.evidence_remove,
        name="evidence_remove",
    ),
    path("<slug:slug>/pdf/", views.statement_pdf_download, name="pdf"),
    path("<slug:slug>/p/<str:key>/", views.paragraph_detail, name="paragraph"),
    path("<slug:slug>/p/<str:key>/amend/", views.amendment_propose, name="amend"),
    path(
        "<slug:slug>/amendments/<int:pk>/decide/",
        views.amendment_decide,
        name="amendment_decide",
    ),
]
