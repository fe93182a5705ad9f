"""Who may do what with plans, goals, measures and reports (rows in docs/permissions.md).

Goals, measures, plans and reports reach their municipality's scopes through
`permission_scopes()`, so each rule works on the municipality and on the object alike.
"""

from __future__ import annotations

from rules.permissions import add_perm

from kommunenettverk.accounts.rules import (
    is_municipal_coordinator,
    is_national_coordinator,
    is_participant,
    is_regional_adviser,
)

add_perm("plans.edit_municipality_plans", is_municipal_coordinator)
add_perm(
    "plans.view_municipality_strategy",
    is_national_coordinator | is_regional_adviser | is_municipal_coordinator | is_participant,
)
add_perm("plans.comment_report", is_national_coordinator | is_regional_adviser)
