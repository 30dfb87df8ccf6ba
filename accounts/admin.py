from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    Membership,
    Organisation,
    OrganisationApplication,
    SitePage,
    User,
)
from accounts.services import site_page_save


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = (
        "username",
        "is_moderator",
        "is_superuser",
        "is_active",
        "date_joined",
    )
    list_filter = ("is_moderator", "is_superuser", "is_active")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Community"),
            {
                "fields": (
                    "is_moderator",
                    "email_confirmed_at",
                    "guidelines_version",
                    "guidelines_accepted_at",
                    "silenced_until",
                    "suspended_until",
                    "erased_at",
                )
            },
        ),
    )
    readonly_fields = ("erased_at", "guidelines_version", "guidelines_accepted_at")


class MembershipInline(admin.TabularInline):
    model = Membership
    raw_id_fields = ("user",)
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "kind", "is_verified")
    list_filter = ("country", "kind", "is_verified")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]


@admin.register(OrganisationApplication)
class OrganisationApplicationAdmin(admin.ModelAdmin):
    """Read-only here: decisions go through the review page, which tells the applicant."""

    list_display = ("name", "country", "status", "created_at")
    list_filter = ("status", "country")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    list_display = ("slug", "language", "title", "updated_at")
    fields = ("slug", "language", "title", "body")

    def save_model(self, request, obj, form, change):
        # Through the service, so the Markdown is rendered and sanitised like on the site.
        saved = site_page_save(
            slug=obj.slug,
            language=obj.language,
            title=obj.title,
            body=obj.body,
            by=request.user,
        )
        obj.pk = saved.pk
