"""Who may do what in dialogue (rows in docs/permissions.md).

Consultations, proposals, arenas, activities, sign-ups and partnerships reach their
municipality's scopes through `permission_scopes()`, so each rule works on the municipality
and on the object alike. National and regional partners in the directory are kept by the
national coordinator and (regional ones, in their KS region) the regional advisers. Citizens
are not users: what a citizen may do with their own proposals and sign-ups is checked in the
views against the signed-in citizen.

Policy input speaks for its sender: the municipal coordinator for a municipality, the
network's adviser for a network, the national coordinator for the programme. The national
coordinator handles submitted input (forwards, sends back, closes); a state representative
held nationally or over the addressed ministry or directorate answers it.
"""

from __future__ import annotations

from typing import Any

from rules.permissions import add_perm
from rules.predicates import Predicate, predicate

from kommunenettverk.accounts.models import Role
from kommunenettverk.accounts.rules import (
    is_municipal_coordinator,
    is_national_coordinator,
    is_regional_adviser,
    user_has_role,
)
from kommunenettverk.networks.rules import is_network_adviser


def _is_local_partner(_user: Any, obj: Any = None) -> bool:
    """Local partners belong to their municipality (`manage_partnerships`), not the directory's
    national and regional entries."""
    from kommunenettverk.dialogue.models import Partner

    return isinstance(obj, Partner) and obj.level == Partner.Level.LOCAL


is_local_partner = Predicate(_is_local_partner, name="is_local_partner")

add_perm("dialogue.moderate_proposals", is_municipal_coordinator)
add_perm("dialogue.manage_consultations", is_municipal_coordinator)
add_perm("dialogue.manage_volunteering", is_municipal_coordinator)
add_perm("dialogue.manage_partnerships", is_municipal_coordinator)
# On a national or regional partner (or without an object: may add some). A regional adviser
# reaches the regional partners of their KS region; national partners need a national role.
add_perm(
    "dialogue.manage_partners",
    (is_national_coordinator | is_regional_adviser) & ~is_local_partner,
)


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


add_perm("dialogue.send_municipal_policy_input", is_municipal_coordinator)
add_perm("dialogue.send_network_policy_input", is_network_adviser)
add_perm("dialogue.send_programme_policy_input", is_programme_owner)
add_perm("dialogue.change_policy_input", speaks_for_sender)
add_perm("dialogue.handle_policy_input", is_national_coordinator)
add_perm("dialogue.answer_policy_input", represents_addressee)
