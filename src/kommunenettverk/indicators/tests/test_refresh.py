"""The stored analytics: refreshed after every import, from the values in the database."""

from __future__ import annotations

import pytest

from kommunenettverk.indicators.models import IndicatorResult
from kommunenettverk.indicators.services import indicator_results_refresh, indicator_values_import
from kommunenettverk.indicators.tabular import ColumnMapping, read_csv
from kommunenettverk.indicators.tests.factories import make_indicator

pytestmark = pytest.mark.django_db
MAPPING = ColumnMapping(area="k", period="år", value="v", indicator="i")


def _import(text: str) -> None:
    indicator_values_import(rows=read_csv(("i,k,år,v\n" + text).encode(), MAPPING))


def test_results_are_refreshed_after_import() -> None:
    make_indicator("utslipp", better="lower", aggregation="sum")
    lines = []
    # Bodø falls 100, 90, …, 60 (improving for "lower is better"); Fauske (1841) rises.
    for i, year in enumerate(range(2019, 2024)):
        lines.append(f"utslipp,1804,{year},{100 - 10 * i}")
        lines.append(f"utslipp,1841,{year},{10 + i}")
    lines.append("utslipp,18,2023,999")  # the county's official value wins over a computed one
    _import("\n".join(lines) + "\n")
    bodo = IndicatorResult.objects.get(indicator__code="utslipp", area_code="1804")
    assert (bodo.latest_year, bodo.latest_value, bodo.baseline_year, bodo.baseline_value) == (
        2023,
        60.0,
        2019,
        100.0,
    )
    assert (bodo.change, bodo.change_pct, bodo.slope, bodo.mk_s) == (-40.0, -40.0, -10.0, -10)
    assert bodo.trend == "improving"
    assert (bodo.rank, bodo.rank_total) == (2, 2)  # lower is better: Fauske's 14 ranks first
    assert bodo.county_value == 999.0
    # The country sum needs every municipality: with two of 357 it is unknown.
    assert bodo.country_value is None
    fauske = IndicatorResult.objects.get(indicator__code="utslipp", area_code="1841")
    assert (fauske.trend, fauske.rank) == ("worsening", 1)
    # Peers are the KOSTRA groups: Bodø (EKG11) and Fauske (EKG02) are each alone with a value.
    assert (bodo.peer_group, bodo.peer_value, bodo.peer_rank) == ("EKG11", 60.0, 1)
    assert (fauske.peer_group, fauske.peer_value, fauske.peer_rank_total) == ("EKG02", 14.0, 1)


def test_weighted_mean_peers_and_too_little_data() -> None:
    make_indicator("andel", better="higher", aggregation="weighted_mean", unit="prosent")
    _import("andel,1804,2022,10\nandel,1804,2023,20\nandel,1841,2023,40\n")
    bodo = IndicatorResult.objects.get(area_code="1804")
    assert bodo.trend == "too_little" and bodo.slope == 10.0
    assert bodo.latest_period == "2023"
    # Population-weighted mean of Bodø (20) and Fauske (40) with the registry's populations.
    assert bodo.county_value is not None and 20.0 < bodo.county_value < 40.0
    assert bodo.county_value == bodo.country_value
    # The peer value is the median of Bodø's KOSTRA group (EKG11): Bodø alone has a value.
    assert bodo.peer_value == 20.0 and bodo.comparable_value == 20.0


def test_custom_peer_groups() -> None:
    make_indicator("andel", better="higher", aggregation="weighted_mean")
    _import("andel,1804,2023,20\nandel,4621,2023,40\n")
    indicator_results_refresh(peer_groups={"1804": "a", "4621": "a"})
    # The group's median of 20 and 40, and Voss (40) first of two in the group.
    voss = IndicatorResult.objects.get(area_code="4621")
    assert (voss.peer_value, voss.peer_rank, voss.peer_rank_total) == (30.0, 1, 2)
    assert IndicatorResult.objects.get(area_code="1804").peer_value == 30.0
    assert IndicatorResult.objects.get(area_code="4621").county_value == 40.0


def test_status_symbol_is_not_the_latest_value() -> None:
    make_indicator("andel", better="higher", aggregation="none")
    _import("andel,1804,2022,10\nandel,1804,2023,..\n")
    bodo = IndicatorResult.objects.get(area_code="1804")
    assert (bodo.latest_year, bodo.latest_value, bodo.n_values) == (2022, 10.0, 1)


def test_totals_are_compared_per_inhabitant_of_the_same_year() -> None:
    make_indicator("folkemengde", measure="total", better="neutral", unit="personer")
    make_indicator("utslipp", measure="total", better="lower")
    # Bodø emits ten times as much as Fauske but has twenty times the population: per
    # inhabitant Bodø is lower, so it ranks first although its total is the largest. The
    # population comes after the totals: its import refreshes them too.
    _import("utslipp,1804,2022,400\nutslipp,1804,2023,500\nutslipp,1841,2023,50\n")
    assert IndicatorResult.objects.get(area_code="1804").comparable_value is None
    _import("folkemengde,1804,2023,50000\nfolkemengde,1841,2023,2500\n")
    bodo = IndicatorResult.objects.get(indicator__code="utslipp", area_code="1804")
    fauske = IndicatorResult.objects.get(indicator__code="utslipp", area_code="1841")
    assert bodo.comparable_value == 0.01 and fauske.comparable_value == 0.02
    assert (bodo.rank, fauske.rank, bodo.rank_total) == (1, 2, 2)
    # The population series itself is never ranked, and a year without population neither.
    population = IndicatorResult.objects.get(indicator__code="folkemengde", area_code="1804")
    assert population.comparable_value is None and population.rank is None
    _import("utslipp,1804,2024,450\n")
    bodo = IndicatorResult.objects.get(indicator__code="utslipp", area_code="1804")
    assert bodo.latest_year == 2024 and bodo.comparable_value is None and bodo.rank is None


def test_totals_without_population_and_unknown_measures_are_not_ranked() -> None:
    make_indicator("utslipp", measure="total")
    make_indicator("ukjent", measure="unknown", aggregation="none")
    _import("utslipp,1804,2023,500\nutslipp,1841,2023,50\nukjent,1804,2023,1\n")
    for result in IndicatorResult.objects.all():
        assert result.comparable_value is None and result.rank is None
        assert result.peer_value is None and result.peer_rank is None
    assert (
        IndicatorResult.objects.get(indicator__code="utslipp", area_code="1804").latest_value == 500
    )
