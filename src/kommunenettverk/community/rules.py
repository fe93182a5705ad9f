"""Who may do what in the citizen portal (rows in docs/permissions.md).

Consultations, proposals, arenas, activities, sign-ups and partnerships reach their
municipality's scopes through `permission_scopes()`, so each rule works on the municipality
and on the object alike. National and regional partners in the directory are kept by the
national coordinator and (regional ones, in their KS region) the regional advisers. Citizens
are not users: what a citizen may do with their own proposals and sign-ups is checked in the
views against the signed-in citizen.
"""

from __future__ import annotations

from typing import Any

from rules.permissions import add_perm
from rules.predicates import Predicate

from kommunenettverk.accounts.rules import (
    is_municipal_coordinator,
    is_national_coordinator,
    is_regional_adviser,
)


def _is_local_partner(_user: Any, obj: Any = None) -> bool:
    """Local partners belong to their municipality (`manage_partnerships`), not the directory's
    national and regional entries."""
    from kommunenettverk.community.models import Partner

    return isinstance(obj, Partner) and obj.level == Partner.Level.LOCAL


is_local_partner = Predicate(_is_local_partner, name="is_local_partner")

add_perm("community.moderate_proposals", is_municipal_coordinator)
add_perm("community.manage_consultations", is_municipal_coordinator)
add_perm("community.manage_volunteering", is_municipal_coordinator)
add_perm("community.manage_partnerships", is_municipal_coordinator)
# On a national or regional partner (or without an object: may add some). A regional adviser
# reaches the regional partners of their KS region; national partners need a national role.
add_perm(
    "community.manage_partners",
    (is_national_coordinator | is_regional_adviser) & ~is_local_partner,
)
