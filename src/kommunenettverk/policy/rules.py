"""Who may do what with policy input (rows in docs/permissions.md).

Policy input speaks for its sender: the municipal coordinator for a municipality, the
network's adviser for a network, the national coordinator for the programme. The national
coordinator handles submitted input (forwards, sends back, closes); a state representative
answers only input addressed to their own body: the organisation their role assignment names,
or the ministry or directorate the role is held over (a role held nationally does not widen
it). A network's input is written by its adviser or by a coordinator of a current member.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from rules.permissions import add_perm
from rules.predicates import predicate

from kommunenettverk.accounts.models import Organisation, Role, RoleAssignment
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


def state_bodies(user: Any) -> frozenset[int]:
    """The ids of the state bodies (organisations) the user represents: the organisation named
    on each state-representative role, and the organisation a role is held over. One query,
    remembered on the user object for the request."""
    if not user_has_role(user, (Role.STATE_REPRESENTATIVE,)):
        return frozenset()
    cached: frozenset[int] | None = getattr(user, "_state_bodies", None)
    if cached is None:
        organisation_type = ContentType.objects.get_for_model(Organisation).pk
        bodies: set[int] = set()
        for org, ct, scope in RoleAssignment.objects.filter(
            user=user, role=Role.STATE_REPRESENTATIVE
        ).values_list("organisation_id", "scope_type_id", "scope_id"):
            if org:
                bodies.add(org)
            if ct == organisation_type and scope:
                bodies.add(scope)
        cached = frozenset(bodies)
        user._state_bodies = cached
    return cached


def _coordinates_member(user: Any, network: Any) -> bool:
    """A municipal coordinator of one of the network's current members."""
    if not user_has_role(user, (Role.MUNICIPAL_COORDINATOR,)):
        return False
    return any(
        user_has_role(user, (Role.MUNICIPAL_COORDINATOR,), _Only(m.participation.municipality))
        for m in network.memberships.filter(
            left_on__isnull=True, participation__municipality__isnull=False
        ).select_related("participation__municipality")
    )


@predicate  # type: ignore[untyped-decorator]  # django-rules ships no annotations
def writes_for_network(user: Any, network: Any = None) -> bool:
    """The network's adviser, or a coordinator of one of its current member municipalities."""
    if network is None:
        return False
    return bool(is_network_adviser(user, network)) or _coordinates_member(user, network)


@predicate  # type: ignore[untyped-decorator]
def speaks_for_sender(user: Any, policy_input: Any = None) -> bool:
    """The user writes for the input's sender (municipality, network or programme)."""
    if policy_input is None:
        return False
    if policy_input.municipality_id:
        return user_has_role(user, (Role.MUNICIPAL_COORDINATOR,), policy_input.municipality)
    if policy_input.network_id:
        return bool(writes_for_network(user, policy_input.network))
    return user_has_role(user, (Role.NATIONAL_COORDINATOR,), _Only(policy_input.programme))


@predicate  # type: ignore[untyped-decorator]
def represents_addressee(user: Any, policy_input: Any = None) -> bool:
    """A state representative for the addressed body itself (see `state_bodies`); without an
    object, anyone who represents some body."""
    if policy_input is None:
        return bool(state_bodies(user))
    return policy_input.addressee_id in state_bodies(user)


@predicate  # type: ignore[untyped-decorator]
def is_programme_owner(user: Any, programme: Any = None) -> bool:
    """A national coordinator (the programme's owner); any holding when no programme."""
    if programme is None:
        return user_has_role(user, (Role.NATIONAL_COORDINATOR,))
    return user_has_role(user, (Role.NATIONAL_COORDINATOR,), _Only(programme))


add_perm("policy.send_municipal_input", is_municipal_coordinator)
add_perm("policy.send_network_input", writes_for_network)
add_perm("policy.send_programme_input", is_programme_owner)
add_perm("policy.change_input", speaks_for_sender)
add_perm("policy.handle_input", is_national_coordinator)
add_perm("policy.answer_input", represents_addressee)
