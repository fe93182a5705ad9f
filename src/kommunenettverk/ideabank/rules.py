"""Who may write, review and read unpublished examples (docs/permissions.md has the table).

The rules are about roles and scopes; which status change is allowed when is the services'
business (an example is edited only as a draft, published only from review).
"""

from __future__ import annotations

from rules.permissions import add_perm

from kommunenettverk.accounts.rules import (
    is_municipal_coordinator,
    is_national_coordinator,
    is_regional_adviser,
)

# On a municipality: start a new example for it.
add_perm("ideabank.add_example", is_national_coordinator | is_municipal_coordinator)
# On an example: edit the draft, add files and links, submit it for review.
add_perm("ideabank.change_example", is_national_coordinator | is_municipal_coordinator)
# On an example: publish it, send it back to the author, or take it down.
add_perm("ideabank.review_example", is_national_coordinator | is_regional_adviser)
# On an example: see it before it is published (its author's side and its reviewers).
add_perm(
    "ideabank.view_unpublished_example",
    is_national_coordinator | is_regional_adviser | is_municipal_coordinator,
)
# On a measure (or the municipality): record that it was taken from an example, or remove the
# record. Only the coordinator of the adopting municipality speaks for its measures.
add_perm("ideabank.record_adoption", is_municipal_coordinator)
