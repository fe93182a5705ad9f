"""Reads for plan, goal, measure and report pages, and the strategy overview."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext, gettext_lazy

from kommunenettverk.networks.models import DevelopmentProject, Network, NetworkMembership
from kommunenettverk.plans.cycle import AdoptedPlan, CycleItem, CycleKind, CycleState, plan_cycle
from kommunenettverk.plans.models import (
    AnnualReport,
    Goal,
    GoalQuerySet,
    Measure,
    MeasureStatusUpdate,
    PlanDocument,
    ReportingRound,
)
from kommunenettverk.programmes.models import Participation, ParticipationStatus
from kommunenettverk.programmes.models import ThemeCode as Theme
from kommunenettverk.registry.models import Municipality


def plan_list(municipality: Municipality) -> QuerySet[PlanDocument]:
    return PlanDocument.objects.filter(municipality=municipality)


def plan_get(pk: int) -> PlanDocument:
    return PlanDocument.objects.select_related("municipality__county__ks_region").get(pk=pk)


CYCLE_KIND_LABELS = {
    CycleKind.PLANSTRATEGI: gettext_lazy("Kommunal planstrategi"),
    CycleKind.FOLKEHELSEOVERSIKT: gettext_lazy("Folkehelseoversikt"),
    CycleKind.HANDLINGSDEL: gettext_lazy("Handlingsdel / økonomiplan"),
}
CYCLE_STATE_LABELS = {
    CycleState.FULFILLED: gettext_lazy("Vedtatt"),
    CycleState.OVERDUE: gettext_lazy("Forsinket"),
    CycleState.UPCOMING: gettext_lazy("Kommer"),
}


@dataclass(frozen=True)
class CycleRow:
    item: CycleItem
    document: PlanDocument | None

    @property
    def kind_label(self) -> str:
        """The expected plan's name in the active language (cycle.py is pure: codes only)."""
        return str(CYCLE_KIND_LABELS[self.item.kind])

    @property
    def state_label(self) -> str:
        label = str(CYCLE_STATE_LABELS[self.item.state])
        return f"{label} ({gettext('for sent')})" if self.item.late else label


def plan_cycle_for(municipality: Municipality, *, today: datetime.date) -> list[CycleRow]:
    """The municipality's plan cycle with the documents that fulfil each expected plan."""
    documents = {plan.pk: plan for plan in plan_list(municipality)}
    adopted = [
        AdoptedPlan(kind=plan.kind, adopted_on=plan.adopted_on, document_id=plan.pk)
        for plan in documents.values()
        if plan.adopted_on and plan.status != PlanDocument.Status.IN_PREPARATION
    ]
    return [
        CycleRow(item=item, document=documents.get(item.document_id or 0))
        for item in plan_cycle(adopted, today=today)
    ]


def goal_list(municipalities: QuerySet[Municipality], *, public: bool) -> QuerySet[Goal]:
    """Goals of the municipalities with their measures; `public` keeps published ones only."""
    return _with_measures(Goal.objects.filter(municipality__in=municipalities), public=public)


def _with_measures(goals: GoalQuerySet, *, public: bool) -> QuerySet[Goal]:
    measures = Measure.objects.select_related("plan_document").order_by("title")
    if public:
        goals = goals.published()
        measures = measures.filter(published=True)
    return goals.select_related("municipality", "plan_document", "network").prefetch_related(
        Prefetch("measures", queryset=measures)
    )


def shared_goal_list(network: Network, *, public: bool) -> QuerySet[Goal]:
    """Goals shared with the network (by any municipality), with their measures."""
    return _with_measures(Goal.objects.filter(network=network), public=public).order_by(
        "municipality__name_nb", "statement"
    )


def shared_goals_for(municipality: Municipality, *, public: bool) -> QuerySet[Goal]:
    """Goals other municipalities share with the networks this one is a current member of."""
    networks = NetworkMembership.objects.filter(
        participation__municipality=municipality, left_on__isnull=True
    ).values("network_id")
    goals = Goal.objects.filter(network__in=networks).exclude(municipality=municipality)
    if public:
        goals = goals.published()
    return goals.select_related("municipality", "network").order_by("network__name", "statement")


def goal_get(pk: int) -> Goal:
    return Goal.objects.select_related("municipality__county__ks_region", "plan_document").get(
        pk=pk
    )


def measure_get(pk: int) -> Measure:
    return (
        Measure.objects.select_related(
            "goal__municipality__county__ks_region",
            "plan_document",
            "development_project__network",
        )
        .prefetch_related("partners")
        .get(pk=pk)
    )


def measure_status_history(measure: Measure) -> QuerySet[MeasureStatusUpdate]:
    return measure.status_updates.select_related("author")


@dataclass
class StrategyOverview:
    """The "integration" view: how goals and measures are anchored in plans and budgets."""

    goal_count: int = 0
    measure_count: int = 0
    anchored_in_adopted_plan: int = 0
    anchored_in_budget: int = 0
    goals_by_theme: list[tuple[str, int]] = field(default_factory=list)
    by_dimension_status: list[tuple[str, list[int]]] = field(default_factory=list)
    status_labels: list[str] = field(default_factory=list)
    goals_without_measures: list[Goal] = field(default_factory=list)
    measures_without_anchoring: list[Measure] = field(default_factory=list)

    @staticmethod
    def _share(part: int, whole: int) -> int | None:
        return round(100 * part / whole) if whole else None

    @property
    def adopted_plan_share(self) -> int | None:
        return self._share(self.anchored_in_adopted_plan, self.measure_count)

    @property
    def budget_share(self) -> int | None:
        return self._share(self.anchored_in_budget, self.measure_count)


def strategy_overview(goals: Iterable[Goal]) -> StrategyOverview:
    """Summarise goals (from `goal_list`, measures prefetched) in a bounded number of queries."""
    overview = StrategyOverview()
    theme_counts: Counter[str] = Counter()
    cells: Counter[tuple[str, str]] = Counter()
    for goal in goals:
        overview.goal_count += 1
        theme_counts.update(goal.themes)
        measures = list(goal.measures.all())
        if not measures:
            overview.goals_without_measures.append(goal)
        for measure in measures:
            overview.measure_count += 1
            cells[(measure.dimension, measure.status)] += 1
            plan = measure.plan_document
            in_plan = plan is not None and plan.status == PlanDocument.Status.ADOPTED
            in_budget = measure.budget_amount is not None
            overview.anchored_in_adopted_plan += int(in_plan)
            overview.anchored_in_budget += int(in_budget)
            if not in_plan and not in_budget:
                overview.measures_without_anchoring.append(measure)
    overview.goals_by_theme = [
        (str(theme.label), theme_counts[theme.value])
        for theme in Theme
        if theme_counts[theme.value]
    ]
    overview.status_labels = [str(status.label) for status in Measure.Status]
    overview.by_dimension_status = [
        (
            str(dimension.label),
            [cells[(dimension.value, status.value)] for status in Measure.Status],
        )
        for dimension in Measure.Dimension
    ]
    return overview


@dataclass
class NetworkStrategy:
    """The strategy overview of a network: in total and per member municipality, and the
    goals shared with the network."""

    total: StrategyOverview
    members: list[tuple[Municipality, StrategyOverview]]
    shared_goals: list[Goal]


def network_member_municipalities(network: Network) -> list[Municipality]:
    """The network's current member municipalities (county municipalities have no plans)."""
    return [
        m.participation.municipality
        for m in NetworkMembership.objects.filter(
            network=network, left_on__isnull=True, participation__municipality__isnull=False
        )
        .select_related("participation__municipality")
        .order_by("participation__municipality__name_nb")
        if m.participation.municipality is not None
    ]


def network_strategy(network: Network, *, public: bool) -> NetworkStrategy:
    """Run the strategy overview over the network's current member municipalities, with one
    goal query (measures prefetched) for all of them; `public` keeps published goals and
    measures only."""
    municipalities = network_member_municipalities(network)
    goals = list(
        goal_list(Municipality.objects.filter(pk__in=[m.pk for m in municipalities]), public=public)
    )
    by_municipality: dict[int, list[Goal]] = {}
    for goal in goals:
        by_municipality.setdefault(goal.municipality_id, []).append(goal)
    return NetworkStrategy(
        total=strategy_overview(goals),
        members=[(m, strategy_overview(by_municipality.get(m.pk, []))) for m in municipalities],
        shared_goals=list(shared_goal_list(network, public=public)),
    )


def measure_list_for_project(project: DevelopmentProject) -> QuerySet[Measure]:
    """The measures linked to a development project, with their goal and municipality."""
    return (
        Measure.objects.filter(development_project=project)
        .select_related("goal__municipality__county__ks_region")
        .order_by("goal__municipality__name_nb", "title")
    )


def report_participations(municipality: Municipality) -> QuerySet[Participation]:
    """The municipality's participations a report can be for (every programme it joined)."""
    return (
        Participation.objects.filter(municipality=municipality)
        .exclude(status="applied")
        .select_related("programme")
        .order_by("-programme__starts_on")
    )


def report_list(municipality: Municipality) -> QuerySet[AnnualReport]:
    return (
        AnnualReport.objects.filter(municipality=municipality)
        .select_related("participation__programme")
        .annotate(
            comment_count=Count("comments", distinct=True),
            entry_count=Count("entries", distinct=True),
        )
    )


def report_get(pk: int) -> AnnualReport:
    return (
        AnnualReport.objects.select_related(
            "municipality__county__ks_region", "submitted_by", "participation__programme"
        )
        .prefetch_related("entries__comments__author", "comments__author")
        .get(pk=pk)
    )


def _latest_versions(history: QuerySet[Any]) -> list[Any]:
    """The newest historical record of each object (by id), leaving out deleted ones."""
    latest: dict[int, Any] = {}
    for record in history.order_by("id", "history_date", "history_id"):
        latest[record.id] = record
    return [record for record in latest.values() if record.history_type != "-"]


def goal_list_as_of(
    municipality: Municipality, at: datetime.datetime, *, public: bool
) -> list[Goal]:
    """The municipality's goals and measures as they stood at `at`, from the kept history
    (simple_history of Goal and Measure), each measure with the status and progress of its
    latest status update dated on or before `at` (its recorded fields otherwise). Objects
    created later, or deleted before, are left out; `public` keeps what was published then.
    Four queries, whatever the history's length. The goals are unsaved copies: read only."""
    goals = [
        record.instance
        for record in _latest_versions(
            Goal.history.filter(municipality_id=municipality.pk, history_date__lte=at)
        )
        if record.published or not public
    ]
    goal_ids = {goal.pk for goal in goals}
    measures = [
        record.instance
        for record in _latest_versions(
            Measure.history.filter(goal_id__in=goal_ids, history_date__lte=at)
        )
        if record.published or not public
    ]
    updates: dict[int, MeasureStatusUpdate] = {}
    for update in MeasureStatusUpdate.objects.filter(
        measure_id__in=[m.pk for m in measures], date__lte=at.date()
    ).order_by("date", "created_at"):
        updates[update.measure_id] = update
    plans = PlanDocument.objects.in_bulk(
        {m.plan_document_id for m in measures if m.plan_document_id}
    )
    by_goal: dict[int, list[Measure]] = {pk: [] for pk in goal_ids}
    for measure in sorted(measures, key=lambda m: m.title):
        if measure.pk in updates:
            measure.status = updates[measure.pk].status
            measure.progress = updates[measure.pk].progress
        measure.plan_document = plans.get(measure.plan_document_id or 0)
        by_goal[measure.goal_id].append(measure)
    for goal in goals:
        goal.municipality = municipality
        # Read like a prefetch: `goal.measures.all()` gives the measures as they stood.
        cached = Measure.objects.none()
        cached._result_cache = by_goal[goal.pk]  # Django's prefetch cache
        cached._prefetch_done = True  # type: ignore[attr-defined]
        goal._prefetched_objects_cache = {"measures": cached}
    return sorted(goals, key=lambda g: g.statement)


# --- reporting rounds ------------------------------------------------------------------------
def round_list() -> QuerySet[ReportingRound]:
    return ReportingRound.objects.select_related("programme").order_by("-year", "programme__name")


def round_get(pk: int) -> ReportingRound:
    return ReportingRound.objects.select_related("programme").get(pk=pk)


@dataclass(frozen=True)
class RoundRow:
    """One municipality in a round: its participation and the newest version of its report
    for the round's year (None: not started)."""

    participation: Participation
    report: AnnualReport | None

    @property
    def submitted(self) -> bool:
        return self.report is not None and self.report.status == AnnualReport.Status.SUBMITTED

    @property
    def state(self) -> str:
        if self.report is None:
            return gettext("Ikke startet")
        if self.report.status == AnnualReport.Status.DRAFT and self.report.version > 1:
            return gettext("Sendt tilbake, under endring")
        return str(self.report.get_status_display())


@dataclass(frozen=True)
class RoundNetwork:
    """A network's members in a round (network None: participants in no network)."""

    network: Network | None
    rows: list[RoundRow]

    @property
    def submitted_count(self) -> int:
        return sum(row.submitted for row in self.rows)


def round_status(
    round_: ReportingRound, *, networks: Iterable[Network], loose: bool = False
) -> list[RoundNetwork]:
    """Who has submitted in the round, one table per network of `networks` (the ones the
    reader follows), and with `loose` the programme's municipalities in no network last.
    Three queries."""
    networks = list(networks)
    memberships = (
        NetworkMembership.objects.filter(network__in=networks, left_on__isnull=True)
        .select_related("participation__municipality")
        .order_by("participation__municipality__name_nb")
    )
    by_network: dict[int, list[Participation]] = {n.pk: [] for n in networks}
    for membership in memberships:
        if membership.participation.municipality_id is not None:
            by_network[membership.network_id].append(membership.participation)
    outside: list[Participation] = []
    if loose:
        outside = list(
            Participation.objects.filter(
                programme=round_.programme_id,
                municipality__isnull=False,
                status__in=(ParticipationStatus.ACTIVE, ParticipationStatus.PAUSED),
            )
            .exclude(
                Exists(
                    NetworkMembership.objects.filter(
                        participation=OuterRef("pk"), left_on__isnull=True
                    )
                )
            )
            .select_related("municipality")
            .order_by("municipality__name_nb")
        )
    ids = [p.pk for ps in by_network.values() for p in ps] + [p.pk for p in outside]
    latest: dict[int, AnnualReport] = {}
    for report in AnnualReport.objects.filter(participation__in=ids, year=round_.year).order_by(
        "version"
    ):
        latest[report.participation_id] = report  # type: ignore[index]  # filtered not null
    result = [
        RoundNetwork(n, [RoundRow(p, latest.get(p.pk)) for p in by_network[n.pk]]) for n in networks
    ]
    if outside:
        result.append(RoundNetwork(None, [RoundRow(p, latest.get(p.pk)) for p in outside]))
    return result
