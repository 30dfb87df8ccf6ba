from django.urls import path

from pages import views

app_name = "pages"

urlpatterns = [
    path("o/<slug:slug>/", views.organisation, name="organisation"),
    path("o/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "o/<slug:slug>/invite/", views.organisation_invite, name="organisation_invite"
    ),
    path("tags/<str:tag>/", views.tag, name="tag"),
    path("search/", views.search, name="search"),
    path("help/", views.help_page, name="help"),
    path("guidelines/", views.guidelines_page, name="guidelines"),
    path("guidelines/accept/", views.guidelines_accept, name="guidelines_accept"),
    path("privacy/", views.privacy_page, name="privacy"),
    path("pages/<slug:slug>/edit/", views.site_page_edit, name="site_page_edit"),
]
