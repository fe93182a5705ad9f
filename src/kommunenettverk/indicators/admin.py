from __future__ import annotations

from django.contrib import admin

from kommunenettverk.indicators.models import ImportJob, Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ["code", "name", "unit", "source", "better", "aggregation", "is_demo"]
    list_filter = ["source", "better", "aggregation", "is_demo"]
    search_fields = ["code", "name", "ssb_table", "ssb_content_code"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin[ImportJob]):
    list_display = ["filename", "state", "progress", "created_at", "created_by"]
    exclude = ["data"]
    readonly_fields = ["report"]
