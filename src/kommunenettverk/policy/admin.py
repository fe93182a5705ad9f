from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kommunenettverk.policy.models import PolicyInput, PolicyInputStatusChange


class PolicyInputStatusChangeInline(admin.TabularInline[PolicyInputStatusChange, PolicyInput]):
    model = PolicyInputStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "at", "comment"]


@admin.register(PolicyInput)
class PolicyInputAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped base
    # Status moves go through the pages (policy.services); the admin shows the history.
    list_display = ["title", "addressee", "status", "submitted_at", "outcome"]
    list_filter = ["status", "outcome", "addressee"]
    search_fields = ["title"]
    readonly_fields = ["status", "submitted_at", "answered_at", "answered_by"]
    inlines = [PolicyInputStatusChangeInline]
