"""The municipality's annual report: published data only (it is public)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from kommunenettverk.plans.cycle import CycleState
from kommunenettverk.plans.models import AnnualReport, Goal
from kommunenettverk.plans.selectors import (
    CycleRow,
    StrategyOverview,
    goal_list,
    goal_list_as_of,
    plan_cycle_for,
    strategy_overview,
)
from kommunenettverk.registry.models import Municipality


@dataclass
class MunicipalityReport:
    """A municipality's annual report for `year`: published data only (it is public)."""

    municipality: Municipality
    year: int
    generated_at: datetime.datetime
    goals: list[Goal]
    overview: StrategyOverview
    cycle: list[CycleRow]
    overdue_plans: int
    status_report: AnnualReport | None
    # The date the goals and measures are shown as of: the year's last day for a past year
    # (from the kept history), today for the current year.
    shows_date: datetime.date
    from_history: bool


def municipality_report(municipality: Municipality, year: int) -> MunicipalityReport:
    today = min(timezone.localdate(), datetime.date(year, 12, 31))
    from_history = today < timezone.localdate()
    if from_history:
        # A past year: goals, measures and statuses as they stood at the end of that year.
        end = timezone.make_aware(datetime.datetime.combine(today, datetime.time.max))
        goals = goal_list_as_of(municipality, end, public=True)
    else:
        goals = list(goal_list(Municipality.objects.filter(pk=municipality.pk), public=True))
    cycle = [row for row in plan_cycle_for(municipality, today=today) if row.item.due.year <= year]
    status_report = (
        AnnualReport.objects.filter(
            municipality=municipality, year=year, status=AnnualReport.Status.SUBMITTED
        )
        .order_by("-version")
        .first()
    )
    return MunicipalityReport(
        municipality=municipality,
        year=year,
        generated_at=timezone.now(),
        goals=goals,
        overview=strategy_overview(goals),
        cycle=cycle[:8],
        overdue_plans=sum(1 for row in cycle if row.item.state == CycleState.OVERDUE),
        status_report=status_report,
        shows_date=today,
        from_history=from_history,
    )
