from django.contrib import admin

from forum.models import Category
from forum.services import category_save


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """Admins manage categories (SPEC §3); counters are kept by the forum services."""

    list_display = ["name", "slug", "position", "visibility", "is_pre_moderated"]
    list_editable = ["position", "visibility", "is_pre_moderated"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["thread_count", "post_count", "last_post_at"]

    def save_model(self, request, obj, form, change):
        category_save(category=obj, by=request.user)
