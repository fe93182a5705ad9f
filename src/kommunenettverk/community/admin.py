from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kommunenettverk.community.models import (
    Activity,
    Consultation,
    Partner,
    Partnership,
    Proposal,
    VolunteerArena,
)


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped base
    list_display = ["organisation", "level", "region"]
    list_filter = ["level", "region"]
    search_fields = ["organisation__name", "organisation__org_number"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped base
    list_display = ["municipality", "partner", "theme", "starts_on", "ends_on"]
    search_fields = ["municipality__name", "partner__organisation__name", "theme"]


@admin.register(Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped base
    list_display = ["title", "municipality", "deadline"]


@admin.register(VolunteerArena)
class VolunteerArenaAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped base
    list_display = ["name", "municipality"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped base
    list_display = ["title", "arena", "starts_at", "capacity"]


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped base
    # No email addresses here: staff moderate through the coordinator's queue.
    list_display = ["__str__", "municipality", "author_name", "status", "created_at"]
    list_filter = ["status"]
    exclude = ["ip_hash", "citizen"]
