"""Goals' indicators: an indicator linked to a plans.Goal with a baseline and a target."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kommunenettverk.core.cache import public_pages_changed
from kommunenettverk.indicators.models import GoalIndicator, Indicator
from kommunenettverk.indicators.selectors import municipality_value_in_year
from kommunenettverk.plans.models import Goal


def _is_duplicate(error: ValidationError) -> bool:
    """Whether full_clean refused the row for the (goal, indicator) unique constraint."""
    errors = getattr(error, "error_dict", {}).get(NON_FIELD_ERRORS, [])
    return any(e.code in ("unique", "unique_together") for e in errors)


@transaction.atomic
def goal_indicator_save(
    *,
    goal: Goal,
    indicator: Indicator,
    baseline_year: int,
    baseline_value: float | None,
    target_year: int,
    target_value: float,
    goal_indicator: GoalIndicator | None = None,
) -> GoalIndicator:
    """Link an indicator to a goal with a baseline and a target (or change the link).

    Without `baseline_value` the municipality's own value in the baseline year is used;
    raises ValidationError when there is none, when the target year is not after the
    baseline year, when a value is not a finite number, or when the goal already has this
    indicator (on the `indicator` field).
    """
    if baseline_value is None:
        baseline_value = municipality_value_in_year(
            indicator, goal.municipality.number, baseline_year
        )
        if baseline_value is None:
            raise ValidationError(
                {
                    "baseline_value": _(
                        "Kommunen har ingen verdi for indikatoren i %(year)s. Fyll inn verdien "
                        "i basisåret selv, eller velg et annet basisår."
                    )
                    % {"year": baseline_year}
                }
            )
    row = goal_indicator or GoalIndicator(goal=goal)
    row.indicator = indicator
    row.baseline_year = baseline_year
    row.baseline_value = baseline_value
    row.target_year = target_year
    row.target_value = target_value
    try:
        row.full_clean()
    except ValidationError as error:
        if _is_duplicate(error):
            raise ValidationError(
                {"indicator": _("Målet har allerede denne indikatoren.")}
            ) from error
        raise
    row.save()
    transaction.on_commit(public_pages_changed)
    return row


@transaction.atomic
def goal_indicator_delete(*, goal_indicator: GoalIndicator) -> None:
    """Remove an indicator (with its baseline and target) from a goal."""
    goal_indicator.delete()
    transaction.on_commit(public_pages_changed)
