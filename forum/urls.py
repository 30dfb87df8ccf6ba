from django.urls import path

from forum import views

app_name = "forum"

urlpatterns = [
    path("c/<slug:slug>/", views.category, name="category"),
    path("c/<slug:slug>/new/", views.thread_new, name="thread_new"),
    path("c/<slug:slug>/follow/", views.category_follow, name="category_follow"),
    path("t/<int:pk>/follow/", views.thread_follow, name="thread_follow"),
    path("tags/<str:tag>/follow/", views.tag_follow, name="tag_follow"),
    path(
        "o/<slug:slug>/follow/", views.organisation_follow, name="organisation_follow"
    ),
    path("t/<int:pk>/", views.thread_redirect, name="thread_redirect"),
    path("t/<int:pk>/reply/", views.thread_reply, name="thread_reply"),
    path("t/<int:pk>/<str:slug>/", views.thread, name="thread"),
    path("p/<int:pk>/", views.post_redirect, name="post"),
    path("p/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("p/<int:pk>/history/", views.post_history, name="post_history"),
    path("p/<int:pk>/quote/", views.post_quote, name="post_quote"),
    path("p/<int:pk>/react/", views.post_react, name="post_react"),
]
