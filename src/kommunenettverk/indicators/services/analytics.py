"""The stored analytics (`IndicatorResult`): read the values, compute every indicator ×
municipality series at once with indicators.stats, replace the stored rows.

Read: the municipal values in one piece (services/bulk.py), the registry's municipalities
and the imported county and country values. Compute: one dense indicator × municipality ×
year cube by integer indexing (no joins on the values); latest value and change, Theil–Sen,
Mann–Kendall, trend class and group aggregates all come from stats.py. Replace: delete the
indicators' rows and insert the new ones in bulk, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
from django.conf import settings
from django.db import transaction

from kommunenettverk.core.cache import public_pages_changed
from kommunenettverk.indicators import stats
from kommunenettverk.indicators.models import Indicator, IndicatorResult
from kommunenettverk.indicators.services import bulk
from kommunenettverk.registry.models import Municipality
from kommunenettverk.registry.selectors import kostra_group_codes

_RESULT_TABLE = IndicatorResult._meta.db_table
_RESULT_COLUMNS = [
    "indicator_id",
    "area_code",
    "county_code",
    "n_values",
    "latest_year",
    "latest_period",
    "latest_value",
    "baseline_year",
    "baseline_value",
    "change",
    "change_pct",
    "slope",
    "mk_s",
    "mk_p",
    "trend",
    "rank",
    "rank_total",
    "county_value",
    "peer_value",
    "country_value",
    "comparable_value",
    "peer_group",
    "peer_rank",
    "peer_rank_total",
]
_NULLABLE_FLOATS = (
    "comparable_value",
    "latest_value",
    "baseline_value",
    "baseline_year",
    "change",
    "change_pct",
    "slope",
    "mk_p",
    "county_value",
    "peer_value",
    "country_value",
)


# --- read ----------------------------------------------------------------------------------


# How an indicator's values are compared across municipalities (column "compare"): "direct"
# (shares, rates, averages, values per inhabitant), "per_inhabitant" (totals, divided by the
# population of the same year) or "none" (unknown measure, and the population itself).
_DIRECT = {
    Indicator.Measure.PER_INHABITANT,
    Indicator.Measure.SHARE,
    Indicator.Measure.RATE,
    Indicator.Measure.AVERAGE,
    Indicator.Measure.INDEX,
}


def _compare_kind(indicator: Indicator) -> str:
    if indicator.code == settings.INDICATORS_POPULATION_CODE:
        return "none"
    if indicator.is_total:
        return "per_inhabitant"
    return "direct" if indicator.measure_kind in _DIRECT else "none"


def _indicator_meta(indicator_ids: list[int] | None) -> pl.DataFrame:
    indicators = Indicator.objects.all()
    if indicator_ids is not None:
        indicators = indicators.filter(pk__in=indicator_ids)
    rows = [
        (i.pk, i.better, i.aggregation, _compare_kind(i))
        for i in indicators.order_by("id").only(
            "id", "code", "better", "aggregation", "measure", "per_inhabitant"
        )
    ]
    return pl.DataFrame(
        rows,
        schema={
            "indicator_id": pl.Int64,
            "better": pl.String,
            "aggregation": pl.String,
            "compare": pl.String,
        },
        orient="row",
    )


def _population_values() -> pl.DataFrame:
    """The population series (settings.INDICATORS_POPULATION_CODE) by municipality and year,
    empty when the catalogue has none: totals are then not compared."""
    population = Indicator.objects.filter(code=settings.INDICATORS_POPULATION_CODE).first()
    if population is None:
        return pl.DataFrame(
            schema={"area_number": pl.Int32, "year": pl.Int32, "population": pl.Float64}
        )
    return _municipal_values([population.pk]).select(
        "area_number", "year", pl.col("value").alias("population")
    )


def _in_clause(indicator_ids: list[int] | None) -> tuple[str, list[Any]]:
    if indicator_ids is None:
        return "", []
    return f" AND indicator_id IN ({', '.join(['%s'] * len(indicator_ids))})", list(indicator_ids)


def _municipal_values(indicator_ids: list[int] | None) -> pl.DataFrame:
    """Every municipal value (not a status symbol) of the indicators, with the municipality
    number as an integer (area_number): the refresh indexes municipalities by number."""
    where, params = _in_clause(indicator_ids)
    frame = bulk.numbers_read(
        "SELECT indicator_id, CAST(area_code AS integer) AS area_number, "  # noqa: S608 - table names are model constants, values are parameters
        f"CAST(year_from AS integer) AS year_from, CAST(year AS integer) AS year, value "
        f"FROM {bulk.VALUE_TABLE} WHERE area_kind = 'K' AND value IS NOT NULL{where}",
        params,
        {
            "indicator_id": pl.Int64,
            "area_number": pl.Int32,
            "year_from": pl.Int32,
            "year": pl.Int32,
            "value": pl.Float64,
        },
    )
    if (frame.get_column("year_from") != frame.get_column("year")).any():
        # One value per year: a single-year value wins over a multi-year period ending then.
        frame = frame.sort("year_from").unique(["indicator_id", "area_number", "year"], keep="last")
    return frame


def _official_values(indicator_ids: list[int] | None) -> pl.DataFrame:
    """The imported county (F) and country (L) values, which win over computed ones."""
    where, params = _in_clause(indicator_ids)
    return bulk.frame_read(
        f"SELECT indicator_id, area_kind, area_code, year, value FROM {bulk.VALUE_TABLE} "  # noqa: S608 - table names are model constants, values are parameters
        f"WHERE area_kind IN ('F', 'L') AND value IS NOT NULL{where}",
        params,
        {
            "indicator_id": pl.Int64,
            "area_kind": pl.String,
            "area_code": pl.String,
            "year": pl.Int32,
            "value": pl.Float64,
        },
    ).unique(["indicator_id", "area_kind", "area_code", "year"], keep="last")


def _municipalities() -> pl.DataFrame:
    return pl.DataFrame(
        list(
            Municipality.objects.current()
            .order_by("number")
            .values_list("number", "county__number", "population")
        ),
        schema={"area_code": pl.String, "county_code": pl.String, "population": pl.Float64},
        orient="row",
    )


# --- compute -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cube:
    """Values as indicator × municipality × year; `series` are the non-empty rows of its
    (indicator × municipality) × year matrix, `matrix` those rows."""

    values: stats.FloatArray
    year_from: stats.IntArray
    years: npt.NDArray[np.int32]
    series: stats.IntArray
    matrix: stats.FloatArray


def _cube(
    values: pl.DataFrame, ind_ids: stats.IntArray, codes: npt.NDArray[np.str_]
) -> _Cube | None:
    """The cube of the municipalities' values (municipalities that no longer exist are left
    out) by integer indexing; None when no series is left."""
    area_lookup = np.full(10_000, -1, dtype=np.int64)
    area_lookup[codes.astype(np.int64)] = np.arange(codes.size)
    area_numbers = values.get_column("area_number").to_numpy()
    area = np.where(
        (area_numbers >= 0) & (area_numbers < 10_000),
        area_lookup[np.clip(area_numbers, 0, 9_999)],
        -1,
    )
    ind = np.searchsorted(ind_ids, values.get_column("indicator_id").to_numpy())
    keep = area >= 0
    year_of_value = values.get_column("year").to_numpy()[keep]
    years = np.unique(year_of_value)
    col = np.searchsorted(years, year_of_value)
    ind, area = ind[keep], area[keep]
    cube = np.full((ind_ids.size, codes.size, years.size), np.nan)
    cube[ind, area, col] = values.get_column("value").to_numpy()[keep]
    year_from = values.get_column("year_from").to_numpy()[keep]
    if (year_from == year_of_value).all():  # single years only (the usual case)
        from_cube = np.broadcast_to(years.astype(np.int64), cube.shape)
    else:
        from_cube = np.zeros(cube.shape, dtype=np.int64)
        from_cube[ind, area, col] = year_from
    flat = cube.reshape(-1, years.size)
    series = np.flatnonzero(~np.isnan(flat).all(axis=1))
    if series.size == 0:
        return None
    return _Cube(cube, from_cube, years, series, flat[series])


def _results_compute(
    meta: pl.DataFrame,
    values: pl.DataFrame,
    municipalities: pl.DataFrame,
    official: pl.DataFrame,
    *,
    baseline_year: int | None,
    peer_groups: dict[str, str] | None,
    population_values: pl.DataFrame | None = None,
) -> pl.DataFrame | None:
    """The result rows (columns _RESULT_COLUMNS) of every indicator × municipality series, or
    None when there is none. No database here.

    Comparisons use comparable values (meta's "compare"): totals divided by the population
    of the same year (`population_values`: area_number, year, population), shares, rates and
    the like as they are, unknown measures not at all. Ranks (national and within the peer
    group) and the peer group's median are of comparable values in the series' latest year;
    the county's and the country's values stay the aggregates by the indicator's aggregation.
    """
    codes = municipalities.get_column("area_code").to_numpy().astype(np.str_)
    counties = municipalities.get_column("county_code").to_numpy().astype(np.str_)
    population = municipalities.get_column("population").fill_null(np.nan).to_numpy()
    peers = peer_groups or dict(zip(codes.tolist(), counties.tolist(), strict=True))
    peer_keys = sorted({peers[c] for c in codes.tolist() if c in peers})
    peer_group = np.array([peer_keys.index(peers[c]) if c in peers else -1 for c in codes])
    county_keys, county_group = np.unique(counties, return_inverse=True)

    ind_ids = np.asarray(meta.get_column("indicator_id").to_list(), dtype=np.int64)
    cube = _cube(values, ind_ids, codes)
    if cube is None:
        return None
    matrix, years = cube.matrix, cube.years
    s_ind, s_area = np.divmod(cube.series, codes.size)
    year_axis = years.astype(np.float64)

    n = (~np.isnan(matrix)).sum(axis=1)
    change = stats.latest_and_change_batch(matrix, year_axis, baseline_year)
    last = change.latest  # every series has a latest value
    has_base = change.baseline >= 0
    latest_from = cube.year_from.reshape(-1, years.size)[cube.series, last]
    slope = stats.theil_sen_batch(matrix, year_axis)
    mk_n, mk_s, _var, _z, mk_p = stats.mann_kendall_batch(matrix)
    better = meta.get_column("better").to_numpy().astype(np.str_)
    trend = stats.classify_trend_batch(mk_n, mk_s, mk_p, better[s_ind])

    # Comparisons in each series' latest year, computed for every year at once.
    how = meta.get_column("aggregation").to_numpy().astype(np.str_)
    county_calc = stats.group_aggregate_batch(
        cube.values, county_group, county_keys.size, population, how
    )
    country_calc = stats.group_aggregate_batch(
        cube.values, np.zeros(codes.size, np.int64), 1, population, how
    )
    comparable = _comparable_cube(cube, meta, codes, population_values)
    comparable_latest = comparable.reshape(-1, years.size)[cube.series, last]
    peer_median = stats.group_median_batch(comparable, peer_group, len(peer_keys))
    s_peer = peer_group[s_area]
    peer_value = np.where(
        s_peer >= 0,
        peer_median[s_ind, np.maximum(s_peer, 0), last] if peer_keys else np.nan,
        np.nan,
    )
    peer_key = np.array([*peer_keys, ""], dtype=np.str_)[np.where(s_peer >= 0, s_peer, -1)]
    result = pl.DataFrame(
        {
            "indicator_id": ind_ids[s_ind],
            "area_code": codes[s_area],
            "county_code": counties[s_area],
            "better": better[s_ind],
            "n_values": n.astype(np.int64),
            "latest_year": years[last].astype(np.int64),
            "latest_from": latest_from,
            "latest_value": change.latest_value,
            "baseline_year": np.where(has_base, year_axis[change.baseline], np.nan),
            "baseline_value": change.baseline_value,
            "change": change.change,
            "change_pct": change.change_pct,
            "slope": slope,
            "mk_s": mk_s.astype(np.int64),
            "mk_p": mk_p,
            "trend": trend.astype(np.str_),
            "county_calc": county_calc[s_ind, county_group[s_area], last],
            "peer_value": peer_value,
            "country_calc": country_calc[s_ind, 0, last],
            "comparable_value": comparable_latest,
            "peer_group": peer_key,
        }
    ).with_columns(pl.col("comparable_value").fill_nan(None))
    result = result.with_columns(
        pl.when(pl.col("latest_from") == pl.col("latest_year"))
        .then(pl.col("latest_year").cast(pl.String))
        .otherwise(pl.format("{}-{}", pl.col("latest_from"), pl.col("latest_year")))
        .alias("latest_period"),
        pl.col("latest_year").max().over("indicator_id").alias("national_year"),
    )
    # Rank comparable values among the municipalities with one in the indicator's latest
    # national year: in the whole country and in the peer group.
    rankable = (pl.col("latest_year") == pl.col("national_year")) & pl.col(
        "comparable_value"
    ).is_not_null()
    key = (
        pl.when(pl.col("better") == "lower")
        .then(pl.col("comparable_value"))
        .otherwise(-pl.col("comparable_value"))
    )
    national = ["indicator_id", rankable]
    in_group = rankable & (pl.col("peer_group") != "")
    group = ["indicator_id", "peer_group", in_group]
    result = result.with_columns(
        pl.when(rankable).then(key.rank("min").over(national)).alias("rank"),
        pl.when(rankable).then(pl.len().over(national)).alias("rank_total"),
        pl.when(in_group).then(key.rank("min").over(group)).alias("peer_rank"),
        pl.when(in_group).then(pl.len().over(group)).alias("peer_rank_total"),
    )
    county_official = official.filter(pl.col("area_kind") == "F").select(
        "indicator_id",
        pl.col("area_code").alias("county_code"),
        pl.col("year").cast(pl.Int64).alias("latest_year"),
        pl.col("value").alias("county_official"),
    )
    country_official = official.filter(pl.col("area_kind") == "L").select(
        "indicator_id",
        pl.col("year").cast(pl.Int64).alias("latest_year"),
        pl.col("value").alias("country_official"),
    )
    result = (
        result.join(county_official, on=["indicator_id", "county_code", "latest_year"], how="left")
        .join(country_official, on=["indicator_id", "latest_year"], how="left")
        .with_columns(
            pl.coalesce("county_official", pl.col("county_calc").fill_nan(None)).alias(
                "county_value"
            ),
            pl.coalesce("country_official", pl.col("country_calc").fill_nan(None)).alias(
                "country_value"
            ),
        )
    )
    return (
        result.select(_RESULT_COLUMNS)
        .with_columns(pl.col(c).fill_nan(None) for c in _NULLABLE_FLOATS)
        .with_columns(
            pl.col("baseline_year").cast(pl.Int64),
            pl.col("rank").cast(pl.Int64),
            pl.col("rank_total").cast(pl.Int64),
            pl.col("peer_rank").cast(pl.Int64),
            pl.col("peer_rank_total").cast(pl.Int64),
        )
    )


def _comparable_cube(
    cube: _Cube,
    meta: pl.DataFrame,
    codes: npt.NDArray[np.str_],
    population_values: pl.DataFrame | None,
) -> stats.FloatArray:
    """The cube's values made comparable across municipalities (see _results_compute): NaN
    where they cannot be compared."""
    compare = meta.get_column("compare").to_numpy().astype(np.str_)
    population = np.full(cube.values.shape[1:], np.nan)
    if population_values is not None and population_values.height:
        area_lookup = np.full(10_000, -1, dtype=np.int64)
        area_lookup[codes.astype(np.int64)] = np.arange(codes.size)
        numbers = population_values.get_column("area_number").to_numpy().astype(np.int64)
        years = population_values.get_column("year").to_numpy()
        area = np.where(
            (numbers >= 0) & (numbers < 10_000), area_lookup[np.clip(numbers, 0, 9_999)], -1
        )
        column = np.searchsorted(cube.years, years)
        known = (area >= 0) & (column < cube.years.size)
        known[known] = cube.years[column[known]] == years[known]
        population[area[known], column[known]] = population_values.get_column(
            "population"
        ).to_numpy()[known]
    with np.errstate(invalid="ignore", divide="ignore"):
        per_inhabitant = np.where(population > 0, cube.values / population[None], np.nan)
    kind = compare[:, None, None]
    return np.where(
        kind == "direct", cube.values, np.where(kind == "per_inhabitant", per_inhabitant, np.nan)
    )


# --- replace -------------------------------------------------------------------------------


@transaction.atomic
def indicator_results_replace(
    *,
    indicator_ids: list[int] | None = None,
    baseline_year: int | None = None,
    peer_groups: dict[str, str] | None = None,
) -> int:
    """indicator_results_refresh without clearing the public page cache, for a caller that
    clears it once itself (an import). Returns the rows written."""
    if (
        indicator_ids is not None
        and Indicator.objects.filter(
            pk__in=indicator_ids, code=settings.INDICATORS_POPULATION_CODE
        ).exists()
    ):
        indicator_ids = None  # new population figures change every total's comparable value
    meta = _indicator_meta(indicator_ids)
    ids = meta.get_column("indicator_id").to_list()
    if indicator_ids is None:
        # Without a WHERE clause: SQLite empties the table at once (its truncate
        # optimisation), and neither database reads an IN list of every indicator.
        IndicatorResult.objects.all().delete()
    else:
        IndicatorResult.objects.filter(indicator_id__in=ids).delete()
    scope = None if indicator_ids is None else ids
    values = _municipal_values(scope)
    if values.height == 0 or not ids:
        return 0
    if peer_groups is None:
        peer_groups = kostra_group_codes() or None
    result = _results_compute(
        meta,
        values,
        _municipalities(),
        _official_values(scope),
        baseline_year=baseline_year,
        peer_groups=peer_groups,
        population_values=_population_values(),
    )
    if result is None:
        return 0
    bulk.frame_insert(_RESULT_TABLE, _RESULT_COLUMNS, result)
    return result.height


@transaction.atomic
def indicator_results_refresh(
    *,
    indicator_ids: list[int] | None = None,
    baseline_year: int | None = None,
    peer_groups: dict[str, str] | None = None,
) -> int:
    """Recompute and store the analytics of every municipality for the given indicators (all
    when None): latest value and change since `baseline_year` (first value when None),
    Theil–Sen slope, Mann–Kendall trend class, the comparable value and its rank in the
    latest national year (in the country and in the peer group), and the county's, the peer
    group's and the country's values for the same year.

    `peer_groups` maps municipality number → group key; without it the peer groups are SSB's
    KOSTRA groups in the registry (the county when the registry has none), and
    municipalities a mapping leaves out get no peer value. The peer value is the group's
    median of comparable values (totals per inhabitant; see _results_compute). County and
    country values come from imported values where there are any, otherwise from the
    municipalities by the indicator's aggregation (stats.group_aggregate_batch).

    Vectorised: the values become one dense indicator × municipality × year cube (numpy
    integer indexing, no joins on the 1.5 M rows); series are the cube's non-empty rows.
    Public pages show the results: the page cache is cleared on commit. Returns the rows
    written.
    """
    transaction.on_commit(public_pages_changed)
    return indicator_results_replace(
        indicator_ids=indicator_ids, baseline_year=baseline_year, peer_groups=peer_groups
    )
