"""Writes for citizens, proposals, consultations, volunteering and partnerships, one module
per sub-domain; every service is re-exported here (`community.services.<name>`). Each is one
transaction. Emails are sent inside it: if sending fails, nothing is written and the person
sees an error, rather than a sign-up or rejection they were never told about."""

from __future__ import annotations

from kommunenettverk.community.services.citizens import (
    citizen_delete,
    citizen_login_consume,
    citizen_login_request,
    citizen_update,
)
from kommunenettverk.community.services.common import (
    ANONYMOUS_NAME,
    LOGIN_LINK_MINUTES,
    MAX_LOGIN_LINKS_PER_EMAIL_PER_HOUR,
    MAX_PROPOSALS_PER_CITIZEN_PER_HOUR,
    MAX_PROPOSALS_PER_IP_PER_HOUR,
    SIGN_UP_RETENTION_DAYS,
    CommunityError,
    RateLimited,
    ip_hash,
)
from kommunenettverk.community.services.partners import (
    partner_save,
    partnership_save,
)
from kommunenettverk.community.services.proposals import (
    check_text,
    consultation_save,
    proposal_answer,
    proposal_approve,
    proposal_reject,
    proposal_submit,
)
from kommunenettverk.community.services.volunteering import (
    VOLUNTEER_ATTRIBUTION,
    VOLUNTEER_HOURS,
    VOLUNTEERS,
    activity_reminders_send,
    activity_save,
    arena_save,
    sign_up_cancel,
    sign_up_create,
    sign_ups_anonymise_past,
    volunteer_effort_publish,
)

__all__ = [
    "ANONYMOUS_NAME",
    "LOGIN_LINK_MINUTES",
    "MAX_LOGIN_LINKS_PER_EMAIL_PER_HOUR",
    "MAX_PROPOSALS_PER_CITIZEN_PER_HOUR",
    "MAX_PROPOSALS_PER_IP_PER_HOUR",
    "SIGN_UP_RETENTION_DAYS",
    "VOLUNTEERS",
    "VOLUNTEER_ATTRIBUTION",
    "VOLUNTEER_HOURS",
    "CommunityError",
    "RateLimited",
    "activity_reminders_send",
    "activity_save",
    "arena_save",
    "check_text",
    "citizen_delete",
    "citizen_login_consume",
    "citizen_login_request",
    "citizen_update",
    "consultation_save",
    "ip_hash",
    "partner_save",
    "partnership_save",
    "proposal_answer",
    "proposal_approve",
    "proposal_reject",
    "proposal_submit",
    "sign_up_cancel",
    "sign_up_create",
    "sign_ups_anonymise_past",
    "volunteer_effort_publish",
]
