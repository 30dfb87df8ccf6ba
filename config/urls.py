from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from config import views
from pages import views as pages_views

urlpatterns = [
    # Un-namespaced: the login and logout redirects and the breadcrumbs name it.
    path("", pages_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("pages.urls")),
    path("", include("accounts.urls")),
    path("exchange/", include("exchange.urls")),
    path("voice/", include("voice.urls")),
    path("stories/", include("voice.story_urls")),
    # Moderation's URLs carry their own prefixes (/moderation/, /p/<id>/flag/, /notices/).
    path("", include("moderation.urls")),
    path("", include("forum.urls")),
]

handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
