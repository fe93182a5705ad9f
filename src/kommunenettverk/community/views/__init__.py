"""The municipality portal for inhabitants, citizen sign-in and proposals, moderation,
volunteering, partners and partnerships, privacy: one module per sub-domain, every view
re-exported here for urls.py."""

from __future__ import annotations

from kommunenettverk.community.views.citizens import (
    citizen_data,
    citizen_delete,
    citizen_export,
    citizen_login,
    citizen_login_confirm,
    citizen_login_sent,
    citizen_logout,
)
from kommunenettverk.community.views.common import (
    CITIZEN_SESSION_KEY,
    CONSULTATIONS,
    MODERATE,
    PARTNERS,
    PARTNERSHIPS,
    REFUSALS,
    VOLUNTEERING,
    citizen_from,
)
from kommunenettverk.community.views.partners import (
    partner_create,
    partner_detail,
    partner_directory_create,
    partner_edit,
    partner_list,
    partnership_edit,
)
from kommunenettverk.community.views.portal import (
    portal,
    privacy,
    proposal_list,
)
from kommunenettverk.community.views.proposals import (
    TARGETS,
    consultation_detail,
    consultation_edit,
    moderation,
    proposal_answer,
    proposal_approve,
    proposal_create,
    proposal_reject,
)
from kommunenettverk.community.views.volunteering import (
    activity_detail,
    activity_edit,
    activity_sign_ups,
    arena_detail,
    arena_edit,
    sign_up_cancel,
)

__all__ = [
    "CITIZEN_SESSION_KEY",
    "CONSULTATIONS",
    "MODERATE",
    "PARTNERS",
    "PARTNERSHIPS",
    "REFUSALS",
    "TARGETS",
    "VOLUNTEERING",
    "activity_detail",
    "activity_edit",
    "activity_sign_ups",
    "arena_detail",
    "arena_edit",
    "citizen_data",
    "citizen_delete",
    "citizen_export",
    "citizen_from",
    "citizen_login",
    "citizen_login_confirm",
    "citizen_login_sent",
    "citizen_logout",
    "consultation_detail",
    "consultation_edit",
    "moderation",
    "partner_create",
    "partner_detail",
    "partner_directory_create",
    "partner_edit",
    "partner_list",
    "partnership_edit",
    "portal",
    "privacy",
    "proposal_answer",
    "proposal_approve",
    "proposal_create",
    "proposal_list",
    "proposal_reject",
    "sign_up_cancel",
]
