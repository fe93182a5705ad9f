"""Who may do what in dialogue (rows in docs/permissions.md).

Consultations, proposals, arenas, activities, sign-ups and partnerships reach their
municipality's scopes through `permission_scopes()`, so each rule works on the municipality
and on the object alike. Citizens are not users: what a citizen may do with their own
proposals and sign-ups is checked in the views against the signed-in citizen.
"""

from __future__ import annotations

from rules.permissions import add_perm

from kommunenettverk.accounts.rules import is_municipal_coordinator

add_perm("dialogue.moderate_proposals", is_municipal_coordinator)
add_perm("dialogue.manage_consultations", is_municipal_coordinator)
add_perm("dialogue.manage_volunteering", is_municipal_coordinator)
add_perm("dialogue.manage_partnerships", is_municipal_coordinator)
