"""Back office for the foundation: organisation tree, regions (read-only), enterprises, staff
users with their memberships, and partner API keys."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from unions import services
from unions.admin_mixins import ScopedAdmin
from unions.admin_site import Panel, dashboard_panel
from unions.models import ApiKey, Enterprise, Membership, Region, RevealLog, UnionOrganization

User = get_user_model()


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # A coverage target's region is a province, city or county, never a township: offer only
        # what its form accepts.
        if request.GET.get("model_name") == "coveragetarget":
            queryset = queryset.exclude(level="township")
        return queryset, may_have_duplicates

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(UnionOrganization)
class UnionOrganizationAdmin(ScopedAdmin):
    list_display = ["indented_name", "level", "region", "contact_phone"]
    list_filter = ["level"]
    search_fields = ["name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    fields = ["name", "level", "parent", "region", "address", "contact_phone"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj):
        return format_html(
            '<span class="org-depth" data-depth="{}">{}{}</span>',
            obj.depth, "\u3000" * (obj.depth - 1), obj.name,
        )

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser and obj.parent_id is None:
            # Only superusers create roots; staff create organisations inside their subtree.
            messages.error(request, gettext("Choose a parent organisation."))
            return
        super().save_model(request, obj, form, change)


@admin.register(Enterprise)
class EnterpriseAdmin(ScopedAdmin):
    list_display = ["name", "credit_code", "region", "industry", "size", "owner"]
    list_filter = ["size", "industry", "owner"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["region", "owner"]
    autocomplete_fields = ["region"]
    fields = ["owner", "name", "credit_code", "region", "industry", "size", "address"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    fields = ["organization", "role"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organization":
            kwargs["queryset"] = UnionOrganization.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Staff users. Administrators see the users belonging to their subtree only."""

    inlines = [MembershipInline]
    list_display = ["username", "last_name", "first_name", "email", "is_active", "organizations"]
    list_filter = ["is_active", "is_superuser", "memberships__role"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("memberships__organization")
        if request.user.is_superuser:
            return queryset
        visible = UnionOrganization.objects.visible_to(request.user)
        return queryset.filter(memberships__organization__in=visible, is_superuser=False).distinct()

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # Staff administrators manage people through memberships, never raw permissions.
        return [
            (name, {**options, "fields": [f for f in options["fields"]
                                          if f not in ("is_superuser", "groups", "user_permissions")]})
            for name, options in fieldsets
        ]

    @admin.display(description=_("organisations"))
    def organizations(self, obj):
        return "、".join(
            f"{m.organization.name}（{m.get_role_display()}）" for m in obj.memberships.all()
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.membership_sync_groups(user=form.instance)


@admin.register(Group)
class RoleGroupAdmin(GroupAdmin):
    def has_change_permission(self, request, obj=None):
        # Roles' permissions are declared in code (unions/roles.py) and synced on migrate.
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiKey)
class ApiKeyAdmin(ScopedAdmin):
    list_display = ["name", "prefix", "organization", "scope_list", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix"]
    list_select_related = ["organization"]
    fields = ["organization", "name", "scopes", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(organization__in=UnionOrganization.objects.visible_to(request.user))

    @admin.display(description=_("scopes"))
    def scope_list(self, obj):
        return ", ".join(obj.scopes)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        api_key, full_key = services.api_key_create(
            organization=obj.organization, name=obj.name, scopes=obj.scopes, created_by=request.user
        )
        obj.pk = api_key.pk
        messages.warning(
            request,
            gettext("New key (shown only now, store it safely): %(key)s") % {"key": full_key},
        )

    @admin.action(description=_("Revoke selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        for api_key in queryset:
            services.api_key_revoke(api_key=api_key)
        messages.success(request, gettext("%(count)d key(s) revoked.") % {"count": queryset.count()})


@dashboard_panel(order=900)
def organisations_panel(request):
    visible = UnionOrganization.objects.visible_to(request.user)
    return Panel(
        title=gettext("Organisations"),
        rows=[(gettext("Organisations in your scope"), visible.count())],
        link="admin:unions_unionorganization_changelist",
        link_label=gettext("Organisation tree"),
    )


@admin.register(RevealLog)
class RevealLogAdmin(admin.ModelAdmin):
    """Who revealed which personal data, when. Read-only: the log is evidence."""

    list_display = ["revealed_at", "user", "api_key", "content_type", "object_id", "fields", "path"]
    list_filter = ["content_type"]
    list_select_related = ["user", "api_key", "content_type"]
    date_hierarchy = "revealed_at"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # Administrators see reveals by the staff of their subtree.
        visible = UnionOrganization.objects.visible_to(request.user)
        return queryset.filter(user__memberships__organization__in=visible).distinct()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
