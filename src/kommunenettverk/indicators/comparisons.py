"""Reads for fair comparisons on the indicator pages: the municipality among its peer group
(SSB's KOSTRA group) by comparable values, the time series per inhabitant for totals, the
peer group's median over time, and the national coverage. Every function runs a fixed number
of queries. Comparable values: see services/analytics.py (`_results_compute`)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from kommunenettverk.indicators.models import (
    AreaKind,
    Indicator,
    IndicatorResult,
    IndicatorValue,
)
from kommunenettverk.indicators.selectors import RankRow, SeriesRow, TotalRow, indicator_series
from kommunenettverk.registry.models import KostraGroup, Municipality
from kommunenettverk.registry.selectors import kostra_group_members


def population_indicator() -> Indicator | None:
    """The catalogue's population series (settings.INDICATORS_POPULATION_CODE), if any."""
    return Indicator.objects.filter(code=settings.INDICATORS_POPULATION_CODE).first()


def is_small(indicator: Indicator, value: float | None) -> bool:
    """A total below settings.INDICATORS_SMALL_NUMBER: it moves by chance from year to year,
    and so does its value per inhabitant."""
    return indicator.is_total and value is not None and value < settings.INDICATORS_SMALL_NUMBER


def peer_ranking(indicator: Indicator, result: IndicatorResult | None) -> list[RankRow]:
    """The municipalities of the result's peer group ranked by comparable value in the
    latest national year, best first (empty when the value cannot be compared). Two
    queries."""
    if result is None or not result.peer_group or result.peer_rank is None:
        return []
    rows = list(
        IndicatorResult.objects.filter(
            indicator=indicator, peer_group=result.peer_group, peer_rank__isnull=False
        ).values_list("area_code", "comparable_value", "peer_rank", "latest_period", "latest_value")
    )
    names = dict(
        Municipality.objects.filter(number__in=[r[0] for r in rows]).values_list(
            "number", "name_nb"
        )
    )
    ranking = [
        RankRow(
            number=code,
            name=names.get(code, code),
            value=value or 0.0,  # ranked rows always have a comparable value
            rank=rank,
            period=period,
            highlight=code == result.area_code,
            small=is_small(indicator, latest),
        )
        for code, value, rank, period, latest in rows
    ]
    return sorted(ranking, key=lambda r: (r["rank"] or 0, r["name"]))


@dataclass(frozen=True)
class ComparisonSeries:
    """The rows of the indicator page's time series chart, and what they are: values per
    inhabitant (a total divided by the population of each year), the values as they are, or
    only the municipality's own total when there is no population series to divide by."""

    rows: list[SeriesRow]
    per_inhabitant: bool
    own_only: bool


def _by_year(
    indicator_ids: list[int], numbers: list[str] | None
) -> dict[int, dict[int, dict[str, float]]]:
    """indicator id → year → municipality number → value (single-year values only)."""
    values = IndicatorValue.objects.filter(
        indicator_id__in=indicator_ids,
        area_kind=AreaKind.MUNICIPALITY,
        value__isnull=False,
    )
    if numbers is not None:
        values = values.filter(area_code__in=numbers)
    table: dict[int, dict[int, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for indicator_id, code, year, year_from, value in values.values_list(
        "indicator_id", "area_code", "year", "year_from", "value"
    ):
        if year == year_from and value is not None:
            table[indicator_id][year][code] = value
    return table


def comparison_series(
    indicator: Indicator,
    municipality: Municipality,
    *,
    county_numbers: list[str],
    group: KostraGroup | None,
) -> ComparisonSeries:
    """The indicator over time for the municipality beside its county, the country and the
    median of its KOSTRA group (`group`), never a total beside a larger area's total.

    Totals: divided by the population of the same year (the population series); the county
    and the country as Σ totals / Σ population over their municipalities with both values
    that year ("beregnet"); the group as the median of its members' values per inhabitant.
    Without a population series only the municipality's own total is shown. Other comparable
    measures: indicator_series (imported or aggregated county and country) and the group's
    median. Unknown measures: indicator_series without a group median. Three to five
    queries."""
    members = kostra_group_members(group) if group is not None else []
    group_label = f"{group.name} (median)" if group is not None else ""
    if not indicator.is_total:
        rows = indicator_series(indicator, municipality, county_numbers=county_numbers)
        if group is not None and indicator.measure_kind != Indicator.Measure.UNKNOWN:
            for year, values in sorted(_by_year([indicator.pk], members)[indicator.pk].items()):
                rows.append(_row(group_label, year, statistics.median(values.values())))
        return ComparisonSeries(sorted(rows, key=lambda r: r["year"]), False, False)
    population = population_indicator()
    if population is None:
        own = _by_year([indicator.pk], [municipality.number])[indicator.pk]
        rows = [
            _row(municipality.name_nb, year, values[municipality.number])
            for year, values in sorted(own.items())
        ]
        return ComparisonSeries(rows, False, True)
    table = _by_year([indicator.pk, population.pk], None)
    totals, people = table[indicator.pk], table[population.pk]
    areas = {
        municipality.name_nb: [municipality.number],
        f"{municipality.county.name} (beregnet)": county_numbers,
        "Hele landet (beregnet)": None,
    }
    rows = []
    for year in sorted(totals):
        pop = people.get(year, {})
        both = {c: v / pop[c] for c, v in totals[year].items() if pop.get(c)}
        for label, numbers in areas.items():
            codes = [c for c in (numbers if numbers is not None else both) if c in both]
            if codes:
                total = sum(totals[year][c] for c in codes)
                rows.append(_row(label, year, total / sum(pop[c] for c in codes)))
        in_group = [both[c] for c in members if c in both]
        if in_group:
            rows.append(_row(group_label, year, statistics.median(in_group)))
    return ComparisonSeries(rows, True, False)


def _row(area: str, year: int, value: float) -> SeriesRow:
    return SeriesRow(area=area, period=str(year), year=year, value=value, status="")


@dataclass(frozen=True)
class Coverage:
    """How many of today's municipalities have a value of the indicator in `year`, and
    whether that reaches settings.INDICATORS_NATIONAL_MIN_COVERAGE_PCT."""

    year: int | None
    count: int
    total: int

    @property
    def share_pct(self) -> float:
        return 100.0 * self.count / self.total if self.total else 0.0

    @property
    def threshold_pct(self) -> int:
        return int(settings.INDICATORS_NATIONAL_MIN_COVERAGE_PCT)

    @property
    def enough(self) -> bool:
        return self.year is not None and self.share_pct >= self.threshold_pct


def coverage_by_year(indicator: Indicator) -> dict[int, Coverage]:
    """The indicator's coverage per year: municipalities with a value (not a status
    symbol) among today's municipalities. Two queries."""
    total = Municipality.objects.current().count()
    current = set(Municipality.objects.current().values_list("number", flat=True))
    counts: dict[int, set[str]] = defaultdict(set)
    for code, year in IndicatorValue.objects.filter(
        indicator=indicator, area_kind=AreaKind.MUNICIPALITY, value__isnull=False
    ).values_list("area_code", "year"):
        if code in current:
            counts[year].add(code)
    return {year: Coverage(year, len(codes), total) for year, codes in sorted(counts.items())}


def totals_per_inhabitant(indicator: Indicator, *, participants: set[str]) -> list[TotalRow] | None:
    """For a total: Σ totals / Σ population per year, for the participating and the other
    municipalities (each over its municipalities with both values that year), so two groups of
    different size can share an axis. None without a population series (not comparable).
    Two queries."""
    population = population_indicator()
    if population is None:
        return None
    table = _by_year([indicator.pk, population.pk], None)
    totals, people = table[indicator.pk], table[population.pk]
    rows: list[TotalRow] = []
    for year in sorted(totals):
        pop = people.get(year, {})
        both = [c for c in totals[year] if pop.get(c)]
        for label, inside in (("Deltar", True), ("Deltar ikke", False)):
            codes = [c for c in both if (c in participants) is inside]
            if codes:
                value = sum(totals[year][c] for c in codes) / sum(pop[c] for c in codes)
                rows.append(TotalRow(year=year, group=label, value=value, areas=len(codes)))
    return rows


def withhold_thin_years(rows: list[TotalRow], coverage: dict[int, Coverage]) -> list[TotalRow]:
    """The rows with the value withheld (None) in years whose coverage is below the
    threshold: a national figure from a few municipalities would speak for all."""
    return [
        r if coverage.get(r["year"]) and coverage[r["year"]].enough else {**r, "value": None}
        for r in rows
    ]
