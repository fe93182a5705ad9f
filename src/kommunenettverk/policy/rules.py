"""Who may do what with policy input (rows in docs/permissions.md).

Policy input speaks for its sender: the municipal coordinator for a municipality, the
network's adviser for a network, the national coordinator for the programme. The national
coordinator handles submitted input (forwards, sends back, closes); a state representative
held nationally or over the addressed ministry or directorate answers it.
"""

from __future__ import annotations

from typing import Any

from rules.permissions import add_perm
from rules.predicates import predicate

from kommunenettverk.accounts.models import Role
from kommunenettverk.accounts.rules import (
    is_municipal_coordinator,
    is_national_coordinator,
    user_has_role,
)
from kommunenettverk.networks.rules import is_network_adviser


class _Only:
    """Only roles held nationally or over this object itself reach it (not its parents)."""

    def __init__(self, obj: Any) -> None:
        self.obj = obj

    def permission_scopes(self) -> list[Any]:
        return [self.obj]


@predicate  # type: ignore[untyped-decorator]  # django-rules ships no annotations
def speaks_for_sender(user: Any, policy_input: Any = None) -> bool:
    """The user writes for the input's sender (municipality, network or programme)."""
    if policy_input is None:
        return False
    if policy_input.municipality_id:
        return user_has_role(user, (Role.MUNICIPAL_COORDINATOR,), policy_input.municipality)
    if policy_input.network_id:
        return bool(is_network_adviser(user, policy_input.network))
    return user_has_role(user, (Role.NATIONAL_COORDINATOR,), _Only(policy_input.programme))


@predicate  # type: ignore[untyped-decorator]
def represents_addressee(user: Any, policy_input: Any = None) -> bool:
    """A state representative held nationally or over the addressed organisation."""
    if policy_input is None:
        return user_has_role(user, (Role.STATE_REPRESENTATIVE,))
    return user_has_role(user, (Role.STATE_REPRESENTATIVE,), _Only(policy_input.addressee))


@predicate  # type: ignore[untyped-decorator]
def is_programme_owner(user: Any, programme: Any = None) -> bool:
    """A national coordinator (the programme's owner); any holding when no programme."""
    if programme is None:
        return user_has_role(user, (Role.NATIONAL_COORDINATOR,))
    return user_has_role(user, (Role.NATIONAL_COORDINATOR,), _Only(programme))


add_perm("policy.send_municipal_input", is_municipal_coordinator)
add_perm("policy.send_network_input", is_network_adviser)
add_perm("policy.send_programme_input", is_programme_owner)
add_perm("policy.change_input", speaks_for_sender)
add_perm("policy.handle_input", is_national_coordinator)
add_perm("policy.answer_input", represents_addressee)
