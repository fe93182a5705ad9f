"""Permission rules for programmes and participations (table: docs/permissions.md)."""

from __future__ import annotations

from rules.permissions import add_perm

from kommunenettverk.accounts.rules import (
    is_adviser_anywhere,
    is_municipal_coordinator,
    is_national_coordinator,
    is_regional_adviser,
)

add_perm("programmes.change_theme", is_national_coordinator)
# Advisers run the programme's networks in their region and see its overview (whole or
# filtered to a region).
add_perm("programmes.view_programme_dashboard", is_national_coordinator | is_adviser_anywhere)
# Applying is checked against the municipality (or county) that applies.
add_perm("programmes.apply_participation", is_national_coordinator | is_municipal_coordinator)
add_perm(
    "programmes.view_participation",
    is_national_coordinator | is_regional_adviser | is_municipal_coordinator,
)
add_perm("programmes.change_participation", is_national_coordinator | is_municipal_coordinator)
add_perm("programmes.approve_participation", is_national_coordinator | is_regional_adviser)
