"""Writes to networks: membership (with the size rules), gatherings, registration and
attendance, documents, evaluations and development projects. One module per area; every
service is re-exported here, so callers keep using `networks.services.<name>`."""

from __future__ import annotations

from kommunenettverk.networks.services.closeout import (
    CHECK_IN_OPENS_BEFORE,
    check_in_code_normalise,
    check_in_is_open,
    gathering_close_out,
    gathering_outcomes_set,
    registration_check_in,
    walk_in_add,
)
from kommunenettverk.networks.services.common import NetworkError
from kommunenettverk.networks.services.gatherings import (
    agenda_item_add,
    agenda_item_move,
    evaluation_submit,
    follow_up_add,
    follow_up_set_status,
    gathering_create,
    gathering_dialogue_update,
    gathering_document_add,
    gathering_invitations_email,
    gathering_invite,
    gathering_notify_new,
    gathering_record_attendance,
    gathering_update,
    invitation_recipients,
)
from kommunenettverk.networks.services.network import (
    LEAVING_STATUSES,
    RESERVED,
    network_add_member,
    network_member_count,
    network_member_restore,
    network_memberships_end,
    network_remove_member,
    network_save,
)
from kommunenettverk.networks.services.projects import (
    milestone_add,
    milestone_mark_done,
    project_save,
)
from kommunenettverk.networks.services.registrations import (
    gathering_register,
    gathering_unregister,
    membership_invitations_follow,
    registration_add,
    registration_cancel,
    registration_closes_at,
    registration_update,
    registrations_cancelled_notify,
)

__all__ = [
    "CHECK_IN_OPENS_BEFORE",
    "LEAVING_STATUSES",
    "RESERVED",
    "NetworkError",
    "agenda_item_add",
    "agenda_item_move",
    "check_in_code_normalise",
    "check_in_is_open",
    "evaluation_submit",
    "follow_up_add",
    "follow_up_set_status",
    "gathering_close_out",
    "gathering_create",
    "gathering_dialogue_update",
    "gathering_document_add",
    "gathering_invitations_email",
    "gathering_invite",
    "gathering_notify_new",
    "gathering_outcomes_set",
    "gathering_record_attendance",
    "gathering_register",
    "gathering_unregister",
    "gathering_update",
    "invitation_recipients",
    "membership_invitations_follow",
    "milestone_add",
    "milestone_mark_done",
    "network_add_member",
    "network_member_count",
    "network_member_restore",
    "network_memberships_end",
    "network_remove_member",
    "network_save",
    "project_save",
    "registration_add",
    "registration_cancel",
    "registration_check_in",
    "registration_closes_at",
    "registration_update",
    "registrations_cancelled_notify",
    "walk_in_add",
]
