"""Reads of the indicators app for pages, downloads and other apps. Every selector runs a
fixed number of queries, whatever the amount of data."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict

import numpy as np
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kommunenettverk.indicators import stats
from kommunenettverk.indicators.models import (
    COUNTRY_CODE,
    AreaKind,
    GoalIndicator,
    ImportJob,
    ImportRecipe,
    Indicator,
    IndicatorResult,
    IndicatorValue,
)
from kommunenettverk.networks.models import Network
from kommunenettverk.networks.selectors import membership_list, membership_list_for_municipality
from kommunenettverk.plans.models import Goal
from kommunenettverk.programmes.models import ParticipationStatus
from kommunenettverk.programmes.models import ThemeCode as Theme
from kommunenettverk.programmes.selectors import participation_list, programme_list
from kommunenettverk.registry.models import Municipality

TREND_ORDER = ["improving", "worsening", "increasing", "decreasing", "no_clear", "too_little"]


def indicator_list(*, theme: str = "") -> list[Indicator]:
    """The catalogue, optionally one theme's indicators (themes are a JSON list, filtered
    here because SQLite has no JSON containment lookup; the catalogue has hundreds of rows)."""
    indicators = list(Indicator.objects.order_by("name"))
    return [i for i in indicators if theme in i.themes] if theme else indicators


def indicator_get(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def municipality_results(number: str) -> QuerySet[IndicatorResult]:
    """Every indicator's stored analytics for one municipality, with the indicator."""
    return (
        IndicatorResult.objects.filter(area_code=number)
        .select_related("indicator")
        .order_by("indicator__name")
    )


def municipality_result(number: str, indicator: Indicator) -> IndicatorResult | None:
    return IndicatorResult.objects.filter(area_code=number, indicator=indicator).first()


class SeriesRow(TypedDict):
    area: str
    period: str
    year: int
    value: float | None
    status: str


def indicator_series(
    indicator: Indicator,
    municipality: Municipality,
    *,
    county_numbers: list[str],
    peers: list[Municipality] | None = None,
) -> list[SeriesRow]:
    """The indicator over time for the municipality, its county, the country and optional
    peer municipalities, labelled by area name. County and country values are the imported
    ones, or computed from the municipalities (`county_numbers`) when none were imported.
    Two queries."""
    names = {(AreaKind.MUNICIPALITY.value, municipality.number): municipality.name_nb}
    names[(AreaKind.COUNTY.value, municipality.county.number)] = municipality.county.name
    names[(AreaKind.COUNTRY.value, COUNTRY_CODE)] = "Hele landet"
    for peer in peers or []:
        names[(AreaKind.MUNICIPALITY.value, peer.number)] = peer.name_nb
    values = list(
        IndicatorValue.objects.filter(indicator=indicator, area_code__in={c for _, c in names})
        .order_by("year", "area_kind", "area_code")
        .values_list("area_kind", "area_code", "period", "year", "value", "status")
    )
    rows = [
        SeriesRow(area=names[(kind, code)], period=period, year=year, value=value, status=status)
        for kind, code, period, year, value, status in values
        if (kind, code) in names
    ]
    official = {kind for kind, _, _, _, _, _ in values}
    missing: dict[str, list[str] | None] = {}
    if AreaKind.COUNTY.value not in official:
        label = f"{municipality.county.name} (beregnet)"
        missing[label] = county_numbers
    if AreaKind.COUNTRY.value not in official:
        missing["Hele landet (beregnet)"] = None
    for total in _aggregate_years(indicator, missing) if missing else []:
        if total["value"] is not None:
            value = round(total["value"], indicator.decimals + 1)
            rows.append(
                SeriesRow(
                    area=total["group"],
                    period=str(total["year"]),
                    year=total["year"],
                    value=value,
                    status="",
                )
            )
    return sorted(rows, key=lambda r: (r["year"], r["area"] != names[next(iter(names))]))


class RankRow(TypedDict):
    number: str
    name: str
    value: float
    rank: int | None
    period: str
    highlight: bool
    small: NotRequired[bool]  # a total below settings.INDICATORS_SMALL_NUMBER


@dataclass
class TrendCounts:
    indicator: Indicator
    counts: dict[str, int]
    participating: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def others(self) -> dict[str, int]:
        """The counts of the municipalities that do not participate."""
        return {k: n - self.participating.get(k, 0) for k, n in self.counts.items()}


def trend_counts(
    indicators: list[Indicator], *, participants: set[str] | None = None
) -> list[TrendCounts]:
    """How many municipalities improve, worsen, … per indicator; with `participants` (a set
    of municipality numbers, e.g. from the programmes app) also how many of those. One query,
    counted in the database."""
    ids = [i.pk for i in indicators]
    counts: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    inside: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    annotations: dict[str, Any] = {"n": Count("id")}
    if participants is not None:
        annotations["n_inside"] = Count("id", filter=Q(area_code__in=sorted(participants)))
    rows = (
        IndicatorResult.objects.filter(indicator_id__in=ids)
        .values("indicator_id", "trend")
        .annotate(**annotations)
        .order_by()
    )
    for row in rows:
        values: dict[str, Any] = dict(row)
        counts[values["indicator_id"]][values["trend"]] = int(values["n"])
        inside[values["indicator_id"]][values["trend"]] = int(values.get("n_inside", 0))
    return [
        TrendCounts(indicator=i, counts=counts[i.pk], participating=inside[i.pk])
        for i in indicators
    ]


class DistributionRow(TypedDict):
    number: str
    name: str
    value: float
    period: str
    trend: str
    group: str


def indicator_distribution(
    indicator: Indicator, *, participants: set[str] | None = None
) -> list[DistributionRow]:
    """Every municipality's latest comparable value of the indicator (in the latest national
    year; totals per inhabitant, none for measures that cannot be compared), grouped as
    participating or not when `participants` is given. Two queries."""
    results = list(
        IndicatorResult.objects.filter(indicator=indicator, rank__isnull=False).values_list(
            "area_code", "comparable_value", "latest_period", "trend"
        )
    )
    names = dict(Municipality.objects.current().values_list("number", "name_nb"))

    def group(code: str) -> str:
        if participants is None:
            return "Alle kommuner"
        return "Deltar" if code in participants else "Deltar ikke"

    return [
        DistributionRow(
            number=code,
            name=names.get(code, code),
            value=value or 0.0,  # ranked rows always have a latest value
            period=period,
            trend=trend,
            group=group(code),
        )
        for code, value, period, trend in results
    ]


# The national page's two groups: key (used in URLs and download names) → group label.
GROUPS = {"deltar": "Deltar", "andre": "Deltar ikke"}
GROUP_KEYS = tuple(GROUPS)


def distribution_by_group(rows: list[DistributionRow]) -> dict[str, list[DistributionRow]]:
    """The distribution's rows per group key, each sorted by municipality name."""
    return {
        key: sorted((r for r in rows if r["group"] == label), key=lambda r: r["name"])
        for key, label in GROUPS.items()
    }


class GroupSummary(TypedDict):
    count: int
    median: float | None
    mean: float | None
    improving: int
    worsening: int


def group_summary(rows: list[DistributionRow]) -> GroupSummary:
    """How many municipalities of a group have a value, its median and mean, and how many
    improve or worsen. No queries."""
    values = [r["value"] for r in rows]
    trends = [r["trend"] for r in rows]
    return GroupSummary(
        count=len(values),
        median=statistics.median(values) if values else None,
        mean=statistics.fmean(values) if values else None,
        improving=trends.count("improving"),
        worsening=trends.count("worsening"),
    )


class TotalRow(TypedDict):
    year: int
    group: str
    value: float | None
    areas: int


def _aggregate_years(indicator: Indicator, groups: dict[str, list[str] | None]) -> list[TotalRow]:
    """Aggregate municipal values per year for each named group of municipality numbers
    (None = every current municipality), by the indicator's aggregation: the sum when every
    municipality of the group has a value that year (a partial sum would look like a fall),
    the population-weighted mean (today's population) otherwise. One query per call."""
    if indicator.aggregation == Indicator.Aggregation.NONE or not groups:
        return []
    params: list[Any] = []
    cases = []
    for index, codes in enumerate(groups.values()):
        if codes is None:
            cases.append(f"WHEN 1 = 1 THEN {index}")
        elif not codes:
            cases.append(f"WHEN 1 = 0 THEN {index}")  # an empty group: no municipality
        else:
            cases.append(f"WHEN v.area_code IN ({', '.join(['%s'] * len(codes))}) THEN {index}")
            params.extend(codes)
    group_sql = f"CASE {' '.join(cases)} ELSE -1 END"
    params.append(indicator.pk)
    sql = (
        f"SELECT v.year, {group_sql} AS grp, SUM(v.value), "  # noqa: S608 - constants only
        "SUM(v.value * m.population), SUM(m.population), COUNT(v.value), "
        f"(SELECT COUNT(*) FROM {Municipality._meta.db_table} WHERE valid_to IS NULL) "
        f"FROM {IndicatorValue._meta.db_table} v JOIN {Municipality._meta.db_table} m "
        "ON m.number = v.area_code AND m.valid_to IS NULL "
        "WHERE v.indicator_id = %s AND v.area_kind = 'K' AND v.value IS NOT NULL "
        "AND v.year = v.year_from GROUP BY v.year, grp ORDER BY v.year, grp"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    labels = list(groups)
    result: list[TotalRow] = []
    for year, grp, total_sum, weighted, population, count, all_count in rows:
        if grp < 0:
            continue
        codes = groups[labels[grp]]
        if indicator.aggregation == Indicator.Aggregation.SUM:
            size = all_count if codes is None else len(codes)
            value = float(total_sum) if count == size else None
        else:
            value = float(weighted) / float(population) if population else None
        result.append(TotalRow(year=year, group=labels[grp], value=value, areas=count))
    return result


def indicator_totals(
    indicator: Indicator, *, participants: set[str] | None = None
) -> list[TotalRow]:
    """The indicator for the whole country per year, or for the participating and the other
    municipalities when `participants` (municipality numbers, e.g. from the programmes app)
    is given; aggregated as in _aggregate_years. One query."""
    if participants is None:
        return _aggregate_years(indicator, {"Hele landet": None})
    if not participants:  # nobody participates: the others are every municipality
        return _aggregate_years(indicator, {"Deltar": [], "Deltar ikke": None})
    others = sorted(
        set(Municipality.objects.current().values_list("number", flat=True)) - participants
    )
    return _aggregate_years(indicator, {"Deltar": sorted(participants), "Deltar ikke": others})


def theme_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Theme.choices]


def import_job_get(pk: int) -> ImportJob:
    return ImportJob.objects.defer("data", "previous").select_related("created_by").get(pk=pk)


def import_job_list(limit: int = 10) -> QuerySet[ImportJob]:
    """The latest import jobs, without their files."""
    return ImportJob.objects.defer("data", "previous").select_related("created_by")[:limit]


def import_recipe_list() -> QuerySet[ImportRecipe]:
    return ImportRecipe.objects.select_related("indicator")


def import_recipe_get(pk: int) -> ImportRecipe:
    return ImportRecipe.objects.select_related("indicator").get(pk=pk)


TEMPLATE_HEADER = ["indikator", "kommunenummer", "navn", "år", "verdi", "statuskode"]


def import_template_rows(indicator: Indicator) -> list[list[str]]:
    """The rows of an indicator's template file: one per municipality of today, with the
    indicator's code, the number and name filled in and year, value and status left empty
    (the upload form's default columns read it). One query."""
    return [
        [indicator.code, number, name, "", "", ""]
        for number, name in Municipality.objects.current().values_list("number", "name")
    ]


def municipality_value_in_year(indicator: Indicator, number: str, year: int) -> float | None:
    """The municipality's value of the indicator in `year` (a single-year value before a
    multi-year period ending that year); None when there is none or it is a status symbol."""
    return (
        IndicatorValue.objects.filter(
            indicator=indicator,
            area_kind=AreaKind.MUNICIPALITY,
            area_code=number,
            year=year,
            value__isnull=False,
        )
        .order_by("-year_from")
        .values_list("value", flat=True)
        .first()
    )


# --- goals' indicators, baselines and targets ------------------------------------------------

PROGRESS_LABELS = {
    "target_achieved": _("Målet er nådd"),
    "substantial_progress": _("God framgang"),
    "moderate_progress": _("Noe framgang"),
    "limited_progress": _("Liten framgang"),
    "deterioration": _("Tilbakegang"),
    "not_available": _("Kan ikke vurderes"),
}


def growth_toward(target: GoalIndicator, result: IndicatorResult | None) -> stats.Progress | None:
    """stats.progress_measure from the target's baseline to the latest value, toward the
    target (its direction is from the baseline to the target). No queries."""
    if result is None or result.latest_value is None or not result.latest_year:
        return None
    direction = 1 if target.target_value > target.baseline_value else -1
    return stats.progress_measure(
        base_year=target.baseline_year,
        base_value=target.baseline_value,
        current_year=result.latest_year,
        current_value=result.latest_value,
        direction=direction,
        target_year=target.target_year,
        target_value=target.target_value,
    )


def growth_trend(indicator: Indicator, result: IndicatorResult | None) -> stats.Progress | None:
    """stats.progress_measure without a target: from the result's baseline (its first value,
    or the baseline year's) to its latest value, in the indicator's better direction. No
    queries."""
    direction = {"higher": 1, "lower": -1}.get(indicator.better, 0)
    if result is None or result.baseline_year is None or result.baseline_value is None:
        return None
    if result.latest_value is None or result.latest_year is None:
        return None
    return stats.progress_measure(
        base_year=result.baseline_year,
        base_value=result.baseline_value,
        current_year=result.latest_year,
        current_value=result.latest_value,
        direction=direction,
    )


TARGET_LABELS = {
    "reached": _("Nådd"),
    "on_track": _("I rute"),
    "off_track": _("Ikke i rute"),
    "unknown": _("Kan ikke vurderes"),
}


@dataclass(frozen=True)
class GoalTarget:
    """A goal's indicator target with the municipality's latest stored analytics."""

    target: GoalIndicator
    result: IndicatorResult | None
    progress: stats.GoalProgress | None
    growth: stats.Progress | None = None  # compound annual growth from the baseline

    @property
    def growth_label(self) -> str:
        return str(PROGRESS_LABELS[self.growth.status if self.growth else "not_available"])

    @property
    def status(self) -> str:
        return self.progress.status.status if self.progress else "unknown"

    @property
    def status_label(self) -> str:
        return str(TARGET_LABELS[self.status])

    @property
    def share_done_pct(self) -> float | None:
        share = self.progress.share_done if self.progress else None
        return None if share is None else 100.0 * share


def goal_target_list(
    *,
    goal: Goal | None = None,
    municipality_number: str | None = None,
    indicator: Indicator | None = None,
    published_only: bool = False,
) -> list[GoalTarget]:
    """Indicator targets of one goal, or of one municipality's goals (optionally only for one
    indicator, only published goals), each with its progress from stats.goal_progress on the
    municipality's stored IndicatorResult (latest value, Theil–Sen slope). Two queries."""
    targets = GoalIndicator.objects.select_related("goal__municipality", "indicator")
    if goal is not None:
        targets = targets.filter(goal=goal)
    if municipality_number is not None:
        targets = targets.filter(goal__municipality__number=municipality_number)
    if indicator is not None:
        targets = targets.filter(indicator=indicator)
    if published_only:
        targets = targets.filter(goal__published=True)
    rows = list(targets.order_by("goal__statement", "indicator__name"))
    if not rows:
        return []
    results = {
        (r.indicator_id, r.area_code): r
        for r in IndicatorResult.objects.filter(
            indicator_id__in={t.indicator_id for t in rows},
            area_code__in={t.goal.municipality.number for t in rows},
        )
    }
    out = []
    for t in rows:
        result = results.get((t.indicator_id, t.goal.municipality.number))
        progress = None
        if result is not None and result.latest_value is not None and result.latest_year:
            progress = stats.goal_progress(
                baseline_value=t.baseline_value,
                latest_year=result.latest_year,
                latest_value=result.latest_value,
                target_year=t.target_year,
                target_value=t.target_value,
                actual_rate=result.slope,
            )
        out.append(
            GoalTarget(target=t, result=result, progress=progress, growth=growth_toward(t, result))
        )
    return out


# --- comparison with the municipality's network ----------------------------------------------


@dataclass(frozen=True)
class NetworkComparison:
    """The municipality among its current network's members for one indicator, in the latest
    year the members have values: each member's value ranked (1 = best by the indicator's
    direction), and the network's aggregate by the indicator's aggregation."""

    network: Network
    year: int | None
    rows: list[RankRow]
    aggregate: float | None

    @property
    def rank(self) -> int | None:
        return next((r["rank"] for r in self.rows if r["highlight"]), None)


def network_comparison(
    indicator: Indicator, municipality: Municipality
) -> NetworkComparison | None:
    """Compare with the members of the municipality's current network (the one it joined
    last), or None when it is in no network. Three queries (membership, members, results).

    Rank: competition rank among members with a value in the members' latest year. Aggregate:
    the sum when every member has a value that year, the population-weighted mean (today's
    population) for weighted-mean indicators, none for indicators that cannot be aggregated.
    """
    membership = membership_list_for_municipality(municipality).filter(left_on__isnull=True).first()
    if membership is None:
        return None
    members = {
        m.participation.municipality.number: m.participation.municipality
        for m in membership_list(membership.network)
        if m.participation.municipality is not None
    }
    results = list(
        IndicatorResult.objects.filter(
            indicator=indicator, area_code__in=list(members), latest_value__isnull=False
        ).values_list(
            "area_code", "latest_year", "latest_value", "latest_period", "comparable_value"
        )
    )
    year = max((r[1] for r in results if r[1] is not None), default=None)
    current = [r[:4] for r in results if r[1] == year]
    values = np.array([r[2] for r in current], dtype=np.float64)
    # Ranked by comparable values (totals per inhabitant); none when they cannot be compared.
    comparable = np.array(
        [np.nan if r[4] is None else r[4] for r in results if r[1] == year], dtype=np.float64
    )
    ranks = stats.rank(comparable, indicator.better)
    rows = sorted(
        (
            RankRow(
                number=code,
                name=members[code].name_nb,
                value=(value or 0.0) if np.isnan(shown) else float(shown),
                rank=int(rank) or None,
                period=period,
                highlight=code == municipality.number,
            )
            for (code, _year, value, period), rank, shown in zip(
                current, ranks, comparable, strict=True
            )
        ),
        key=lambda r: (r["rank"] or 10_000, r["name"]),
    )
    aggregate = None
    if current and indicator.aggregation != Indicator.Aggregation.NONE:
        how = "sum" if indicator.aggregation == Indicator.Aggregation.SUM else "weighted_mean"
        if how == "sum" and len(current) < len(members):
            aggregate = None  # a member without a value that year: a partial sum misleads
        else:
            weights = np.array([float(members[r[0]].population or 0) or np.nan for r in current])
            result = stats.group_aggregate(
                values, np.zeros(len(current), dtype=np.int64), how, weights
            )
            aggregate = None if np.isnan(result[0]) else float(result[0])
    return NetworkComparison(network=membership.network, year=year, rows=rows, aggregate=aggregate)


# --- participating municipalities (from the programmes app) ----------------------------------

ALL_PROGRAMMES = "alle"


def programme_choices() -> list[tuple[str, str]]:
    """(slug, name) of every programme, the one with most active participations first. One
    query."""
    programmes = list(programme_list().prefetch_related(None))
    programmes.sort(key=lambda p: -int(getattr(p, "active_count", 0)))
    return [(p.slug, p.name) for p in programmes]


def participating_numbers(programme_slug: str) -> set[str]:
    """Numbers of the municipalities with an active participation today in the programme, or
    in any programme (ALL_PROGRAMMES). One query."""
    participations = participation_list(status=ParticipationStatus.ACTIVE).prefetch_related(None)
    if programme_slug != ALL_PROGRAMMES:
        participations = participations.filter(programme__slug=programme_slug)
    return set(
        participations.filter(municipality__isnull=False).values_list(
            "municipality__number", flat=True
        )
    )
