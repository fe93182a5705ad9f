"""Staff read examples and their history here; writing goes through the pages and services
(which sanitise the text and keep the search index fresh), so the admin is read-only for them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from kommunenettverk.ideabank.models import Example, ExampleStatusChange, Subscription


class StatusChangeInline(admin.TabularInline[ExampleStatusChange, Example]):
    model = ExampleStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_by", "changed_at", "comment"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Example)
class ExampleAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped third-party base
    list_display = ["title", "municipality", "status", "published_at", "is_demo"]
    list_filter = ["status", "is_demo"]
    search_fields = ["title", "municipality__name"]
    inlines = [StatusChangeInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin[Subscription]):
    list_display = ["email", "region", "theme", "confirmed_at", "last_sent_at"]
    list_filter = ["region", "theme"]
    search_fields = ["email"]
    readonly_fields = ["token"]
