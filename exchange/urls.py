from django.urls import path

from exchange import views
from exchange.feeds import PracticeFeed

app_name = "exchange"

urlpatterns = [
    path("", views.practice_list, name="list"),
    path("new/", views.practice_create, name="practice_create"),
    path("compare/", views.practice_compare, name="compare"),
    path("feed/", PracticeFeed(), name="feed"),
    path("<slug:slug>/", views.practice_detail, name="practice"),
    path("<slug:slug>/edit/", views.practice_edit, name="practice_edit"),
    path("<slug:slug>/publish/", views.practice_publish, name="practice_publish"),
    path("<slug:slug>/archive/", views.practice_archive, name="practice_archive"),
    path("<slug:slug>/review/", views.practice_review, name="practice_review"),
    path("<slug:slug>/history/", views.practice_history, name="practice_history"),
    path(
        "<slug:slug>/history/<int:version>/",
        views.practice_revision,
        name="practice_revision",
    ),
    path("<slug:slug>/experience/", views.experience_create, name="experience_create"),
]
