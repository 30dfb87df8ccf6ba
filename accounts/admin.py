from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.forms import AdminLoginForm
from accounts.models import (
    Membership,
    Organisation,
    OrganisationApplication,
    SitePage,
    User,
)
from accounts.services import moderator_status_set, network_staff_set, site_page_save

# /admin/login/ goes through the site's login throttle.
admin.site.login_form = AdminLoginForm


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts as Django manages them; the community's rules stay with the site.

    Sanctions, moderator status and erasure are not edited here: a sanction needs a
    reason, an audit entry, a statement to the member and closed sockets (the site's
    moderation page), and erasure reaches every copy of a member's data (the member's
    own account page). Moderators are appointed with the actions, through the service.
    """

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
                    "moderation_page",
                    "is_moderator",
                    "is_network_staff",
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
    readonly_fields = (
        "moderation_page",
        "is_active",
        "is_moderator",
        "is_network_staff",
        "silenced_until",
        "suspended_until",
        "erased_at",
        "guidelines_version",
        "guidelines_accepted_at",
    )
    actions = (
        "appoint_moderators",
        "remove_moderators",
        "appoint_network_staff",
        "remove_network_staff",
    )

    @admin.display(description=_("Sanctions"))
    def moderation_page(self, user: User) -> str:
        if user.pk is None or user.erased_at is not None:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("moderation:member", kwargs={"username": user.username}),
            _("Silence, suspend or lift on the moderation page"),
        )

    def has_delete_permission(self, request, obj=None):
        # Erasure is the member's own (accounts:delete): deleting the row here would
        # skip the anonymising of their posts, quotes, flags and notifications.
        return False

    def _moderator_status_set(self, request, queryset, *, is_moderator: bool) -> None:
        changed = 0
        for user in queryset:
            try:
                updated = moderator_status_set(
                    user=user, by=request.user, is_moderator=is_moderator
                )
            except (PermissionDenied, ValidationError) as error:
                self.message_user(
                    request, f"{user}: {' '.join(error.messages)}", messages.ERROR
                )
                continue
            self.log_change(
                request,
                updated,
                _("Appointed moderator") if is_moderator else _("Removed moderator"),
            )
            changed += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d account changed.", "%(count)d accounts changed.", changed
            )
            % {"count": changed},
        )

    @admin.action(description=_("Appoint as moderators"))
    def appoint_moderators(self, request, queryset):
        self._moderator_status_set(request, queryset, is_moderator=True)

    @admin.action(description=_("Remove moderator status"))
    def remove_moderators(self, request, queryset):
        self._moderator_status_set(request, queryset, is_moderator=False)

    def _network_staff_set(self, request, queryset, *, is_network_staff: bool) -> None:
        changed = 0
        for user in queryset:
            try:
                updated = network_staff_set(
                    user=user, by=request.user, is_network_staff=is_network_staff
                )
            except (PermissionDenied, ValidationError) as error:
                self.message_user(
                    request, f"{user}: {' '.join(error.messages)}", messages.ERROR
                )
                continue
            # The admin log entry is the role's audit trail: who, whom, when.
            self.log_change(
                request,
                updated,
                _("Appointed network staff")
                if is_network_staff
                else _("Removed network staff"),
            )
            changed += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d account changed.", "%(count)d accounts changed.", changed
            )
            % {"count": changed},
        )

    @admin.action(description=_("Appoint as network staff"))
    def appoint_network_staff(self, request, queryset):
        self._network_staff_set(request, queryset, is_network_staff=True)

    @admin.action(description=_("Remove network staff role"))
    def remove_network_staff(self, request, queryset):
        self._network_staff_set(request, queryset, is_network_staff=False)


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
