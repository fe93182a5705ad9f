"""Permission rules of the indicators app (the table is docs/permissions.md)."""

from __future__ import annotations

from typing import Any

from rules.permissions import add_perm
from rules.predicates import Predicate

from kommunenettverk.accounts.rules import is_municipal_coordinator, is_national_coordinator

# Imported values are national data shown on every municipality's page: only the national
# coordinator (the programme owner) uploads them. Checked with obj=None (the whole country).
add_perm("indicators.import_values", is_national_coordinator)
# A goal's indicator, baseline and target belong to the municipality's own goals, kept by its
# coordinator (like plans.edit_municipality_plans). Checked on the goal or the municipality.
add_perm("indicators.set_goal_target", is_municipal_coordinator)


def _uploaded(user: Any, job: Any = None) -> bool:
    owner = getattr(job, "created_by_id", None)
    return owner is not None and owner == getattr(user, "pk", None)


is_importer = Predicate(_uploaded, name="is_importer")  # the user who uploaded the import job


# Import recipes describe how the national data sources' files are read: the national
# coordinator's, like the imports themselves.
add_perm("indicators.manage_recipes", is_national_coordinator)
# An import is undone by whoever made it, or by the national coordinator. Checked on the job.
add_perm("indicators.undo_import", is_national_coordinator | is_importer)
