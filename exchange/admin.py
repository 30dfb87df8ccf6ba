from django.contrib import admin

from exchange.models import ImplementationExperience, Practice


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    """For looking things up: write-ups are changed through the site, which keeps
    revisions, renders Markdown and opens discussions."""

    list_display = ["title", "organisation", "status", "published_at", "reviewed_on"]
    list_filter = ["status", "evidence_level", "readiness"]
    search_fields = ["title", "summary", "organisation__name"]
    list_select_related = ["organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImplementationExperience)
class ImplementationExperienceAdmin(admin.ModelAdmin):
    list_display = ["practice", "organisation", "country", "period", "recommendation"]
    list_filter = ["recommendation", "country"]
    list_select_related = ["practice", "organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
