"""Permission rules for reports (table: docs/permissions.md).

The network report shows attendance by name of municipality, projects and members' progress:
it is for the network's adviser, the national coordinator and the coordinators of the
network's current member municipalities (not a coordinator's own scope, which is only the
municipality: `_Members` makes the members' municipalities the network's scopes for this rule).
The national programme report is for the national coordinator, the regional advisers (who
run the programme's networks in their regions) and the state's representatives, who read
national indications. A report job's file is for its creator and the
national coordinator (checked by selectors.report_job_get_for_user, not a role rule); the same
two may cancel it while it is made (`reports.cancel_report_job`).
"""

from __future__ import annotations

from typing import Any

from rules.permissions import add_perm
from rules.predicates import predicate

from kommunenettverk.accounts.models import Role
from kommunenettverk.accounts.rules import (
    is_adviser_anywhere,
    is_national_coordinator,
    is_state_representative,
    user_has_role,
)
from kommunenettverk.networks.rules import is_network_adviser


class _Members:
    """The network's current member municipalities (or county municipalities) as scopes."""

    def __init__(self, network: Any) -> None:
        self.network = network

    def permission_scopes(self) -> list[Any]:
        memberships = self.network.memberships.filter(left_on__isnull=True).select_related(
            "participation__municipality", "participation__county"
        )
        return [m.participation.municipality or m.participation.county for m in memberships]


@predicate  # type: ignore[untyped-decorator]  # django-rules ships no annotations
def is_member_coordinator(user: Any, network: Any = None) -> bool:
    """The user is the municipal coordinator of one of the network's current members."""
    if network is None:
        return False
    return user_has_role(user, (Role.MUNICIPAL_COORDINATOR,), _Members(network))


@predicate  # type: ignore[untyped-decorator]  # django-rules ships no annotations
def is_report_job_creator(user: Any, job: Any = None) -> bool:
    """The user ordered this report job."""
    return job is not None and user.is_authenticated and job.created_by_id == user.pk


add_perm(
    "reports.view_network_report",
    is_national_coordinator | is_network_adviser | is_member_coordinator,
)
add_perm(
    "reports.view_national_report",
    is_national_coordinator | is_adviser_anywhere | is_state_representative,
)
add_perm("reports.cancel_report_job", is_national_coordinator | is_report_job_creator)
