from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kommunenettverk.programmes.models import (
    Participation,
    ParticipationStatusChange,
    Programme,
    ProgrammeGoal,
    Theme,
)


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped third-party base
    list_display = ["name", "order", "active"]


class GoalInline(admin.TabularInline[ProgrammeGoal, Programme]):
    model = ProgrammeGoal
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped third-party base
    list_display = ["name", "starts_on", "ends_on", "capacity"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [GoalInline]


class StatusChangeInline(admin.TabularInline[ParticipationStatusChange, Participation]):
    model = ParticipationStatusChange
    extra = 0


@admin.register(Participation)
class ParticipationAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped third-party base
    list_display = ["__str__", "status", "applied_on", "decision_date"]
    list_filter = ["programme", "status"]
    raw_id_fields = ["municipality", "county", "approved_by"]
    inlines = [StatusChangeInline]
