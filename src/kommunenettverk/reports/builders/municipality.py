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


def municipality_report(municipality: Municipality, year: int) -> MunicipalityReport:
    goals_qs = goal_list(Municipality.objects.filter(pk=municipality.pk), public=True)
    goals = list(goals_qs)
    today = min(timezone.localdate(), datetime.date(year, 12, 31))
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
        overview=strategy_overview(goals_qs),
        cycle=cycle[:8],
        overdue_plans=sum(1 for row in cycle if row.item.state == CycleState.OVERDUE),
        status_report=status_report,
    )
