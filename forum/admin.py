from django.contrib import admin

from forum.models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """Admins manage categories (SPEC §3); counters are kept by the forum services."""

    list_display = ["name", "slug", "position", "visibility", "is_pre_moderated"]
    list_editable = ["position", "visibility", "is_pre_moderated"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["thread_count", "post_count", "last_post_at"]
