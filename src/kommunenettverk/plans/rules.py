"""Who may do what with plans, goals, measures and reports (rows in docs/permissions.md).

Goals, measures, plans and reports reach their municipality's scopes through
`permission_scopes()`, so each rule works on the municipality and on the object alike.
A goal shared with a network stays its municipality's: only that municipality's coordinator
edits it; the other members see it read-only.
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
# A network's strategy overview with unpublished goals and measures: for those who steer the
# network (the national coordinator, advisers over the network or its KS region). Everyone
# else sees the public version, with published goals and measures only.
add_perm("plans.view_network_strategy", is_national_coordinator | is_regional_adviser)
# Reporting rounds: the national coordinator opens them (checked without an object); the
# national coordinator and the advisers over a network (or its KS region) follow the round
# for that network's members and remind those who have not submitted.
add_perm("plans.open_round", is_national_coordinator)
add_perm("plans.follow_round", is_national_coordinator | is_regional_adviser)
