"""Permission rules for networks, gatherings and projects (table: docs/permissions.md).

An adviser edits *their* networks: the network's adviser holds the regional adviser role over
the network itself (networks.services gives it), so an adviser of the same KS region does not
edit a colleague's networks. Participants and municipal coordinators of an invited
municipality register for a gathering (Gathering.permission_scopes lists those municipalities).
"""

from __future__ import annotations

from typing import Any

from rules.permissions import add_perm
from rules.predicates import predicate

from kommunenettverk.accounts.models import Role
from kommunenettverk.accounts.rules import (
    is_adviser_anywhere,
    is_municipal_coordinator,
    is_national_coordinator,
    is_participant,
    is_regional_adviser,
    user_has_role,
)


class _Only:
    """Wraps an object so that only roles held over the object itself reach it."""

    def __init__(self, obj: Any) -> None:
        self.obj = obj

    def permission_scopes(self) -> list[Any]:
        return [self.obj]


def _network_of(obj: Any) -> Any:
    return getattr(obj, "network", obj)


@predicate  # type: ignore[untyped-decorator]  # django-rules ships no annotations
def is_network_adviser(user: Any, obj: Any = None) -> bool:
    """The user leads the network (of the gathering or project) `obj`."""
    if obj is None:
        return False
    network = _network_of(obj)
    if getattr(user, "is_authenticated", False) and network.adviser_id == user.pk:
        return True
    return user_has_role(user, (Role.REGIONAL_ADVISER,), _Only(network))


can_change_network = is_national_coordinator | is_network_adviser

# Checked without an object: a regional adviser anywhere (or the national coordinator) starts
# networks; the form then picks the network's KS region and adviser.
add_perm("networks.add_network", is_national_coordinator | is_regional_adviser)
add_perm("networks.change_network", can_change_network)
add_perm("networks.change_gathering", can_change_network)
add_perm("networks.change_project", can_change_network)
add_perm("networks.register_for_gathering", is_participant | is_municipal_coordinator)
# Checked on a participation: its coordinator registers, changes and cancels any member of the
# municipality's delegation to a gathering (a participant only their own registration).
add_perm("networks.manage_delegation", is_municipal_coordinator)
# Moving a programme in from spreadsheets: the page for the national coordinator and any
# adviser; each row is checked on its participant (municipality or county) or network region.
add_perm("networks.onboard", is_national_coordinator | is_adviser_anywhere)
add_perm("networks.onboard_in", is_national_coordinator | is_regional_adviser)
