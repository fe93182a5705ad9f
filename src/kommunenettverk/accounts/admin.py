from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from kommunenettverk.accounts.models import ExternalLogin, Organisation, RoleAssignment, User


class RoleInline(admin.TabularInline[RoleAssignment, User]):
    model = RoleAssignment
    extra = 0
    fields = ["role", "scope_type", "scope_id", "organisation"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin[User]):  # type: ignore[misc]  # untyped base
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    inlines = [RoleInline]
    fieldsets = (
        (None, {"fields": ("email", "password", "full_name")}),
        ("Tilgang", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Datoer", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped base
    list_display = ["name", "kind", "org_number"]
    list_filter = ["kind"]
    search_fields = ["name", "org_number"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped base
    list_display = ["user", "role", "scope_type", "scope_id"]
    list_filter = ["role", "scope_type"]


@admin.register(ExternalLogin)
class ExternalLoginAdmin(admin.ModelAdmin[ExternalLogin]):
    """Staff can see and remove a person's link to an identity provider (remove it when an
    account there was given to someone else)."""

    list_display = ["user", "provider", "created_at", "last_used_at"]
    list_filter = ["provider"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "provider", "subject", "created_at", "last_used_at"]
