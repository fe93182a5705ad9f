from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kommunenettverk.networks.models import (
    AgendaItem,
    DevelopmentProject,
    FollowUpAction,
    Gathering,
    Milestone,
    Network,
    NetworkMembership,
    Registration,
)


class MembershipInline(admin.TabularInline[NetworkMembership, Network]):
    model = NetworkMembership
    extra = 0
    raw_id_fields = ["participation"]


@admin.register(Network)
class NetworkAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped third-party base
    list_display = ["name", "programme", "ks_region", "adviser"]
    list_filter = ["programme", "ks_region"]
    inlines = [MembershipInline]


class AgendaInline(admin.TabularInline[AgendaItem, Gathering]):
    model = AgendaItem
    extra = 0


class FollowUpInline(admin.TabularInline[FollowUpAction, Gathering]):
    model = FollowUpAction
    extra = 0


class RegistrationInline(admin.TabularInline[Registration, Gathering]):
    model = Registration
    extra = 0
    raw_id_fields = ["participation", "user"]


@admin.register(Gathering)
class GatheringAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped third-party base
    list_display = ["__str__", "kind", "starts_at", "place"]
    inlines = [AgendaInline, FollowUpInline, RegistrationInline]


class MilestoneInline(admin.TabularInline[Milestone, DevelopmentProject]):
    model = Milestone
    extra = 0


@admin.register(DevelopmentProject)
class ProjectAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped third-party base
    list_display = ["title", "network", "scope", "status"]
    list_filter = ["scope", "status"]
    inlines = [MilestoneInline]
