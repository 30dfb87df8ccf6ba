from django.contrib import admin

from moderation.models import AuditEntry, CrisisResource, WatchedWord


@admin.register(CrisisResource)
class CrisisResourceAdmin(admin.ModelAdmin):
    """Admins keep the crisis lines; add only entries verified with the service itself."""

    list_display = ["name", "country", "kind", "phone", "url", "hours", "position"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "country", "phone"]
    fields = [
        "country",
        "name",
        "kind",
        "phone",
        "url",
        "hours",
        "languages",
        "position",
    ]
    ordering = ["country", "position", "name"]


@admin.register(WatchedWord)
class WatchedWordAdmin(admin.ModelAdmin):
    """Read-only: words change at /moderation/words/, where every change is audited."""

    list_display = ["word", "language", "action", "created_by", "created_at"]
    list_filter = ["language", "action"]
    search_fields = ["word"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written by moderation services only."""

    list_display = ["created_at", "actor", "action", "target_user", "reason"]
    list_filter = ["action", "is_automated"]
    search_fields = ["reason", "actor__username", "target_user__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
