from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kommunenettverk.registry.models import CodeChange, County, KsRegion, Municipality


@admin.register(KsRegion)
class KsRegionAdmin(admin.ModelAdmin[KsRegion]):
    list_display = ["name", "code"]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin[County]):
    list_display = ["number", "name", "ks_region"]
    list_filter = ["ks_region"]


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped third-party base
    list_display = ["number", "name", "county", "population", "valid_to"]
    list_filter = ["county"]
    search_fields = ["number", "name", "name_nb"]


@admin.register(CodeChange)
class CodeChangeAdmin(admin.ModelAdmin[CodeChange]):
    list_display = ["old_code", "new_code", "new_name", "changed_on"]
    search_fields = ["old_code", "new_code", "new_name"]
