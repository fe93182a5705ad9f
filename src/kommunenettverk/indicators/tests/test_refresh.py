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
    # Peers: the county computed from its municipalities is missing (sum needs all of them).
    assert fauske.peer_value is None


def test_weighted_mean_peers_and_too_little_data() -> None:
    make_indicator("andel", better="higher", aggregation="weighted_mean", unit="prosent")
    _import("andel,1804,2022,10\nandel,1804,2023,20\nandel,1841,2023,40\n")
    bodo = IndicatorResult.objects.get(area_code="1804")
    assert bodo.trend == "too_little" and bodo.slope == 10.0
    assert bodo.latest_period == "2023"
    # Population-weighted mean of Bodø (20) and Fauske (40) with the registry's populations.
    assert bodo.peer_value is not None and 20.0 < bodo.peer_value < 40.0
    assert bodo.peer_value == bodo.county_value == bodo.country_value


def test_custom_peer_groups() -> None:
    make_indicator("andel", better="higher", aggregation="weighted_mean")
    _import("andel,1804,2023,20\nandel,4621,2023,40\n")
    indicator_results_refresh(peer_groups={"1804": "a", "4621": "a"})
    assert IndicatorResult.objects.get(area_code="4621").peer_value == pytest.approx(
        IndicatorResult.objects.get(area_code="1804").peer_value
    )
    assert IndicatorResult.objects.get(area_code="4621").county_value == 40.0


def test_status_symbol_is_not_the_latest_value() -> None:
    make_indicator("andel", better="higher", aggregation="none")
    _import("andel,1804,2022,10\nandel,1804,2023,..\n")
    bodo = IndicatorResult.objects.get(area_code="1804")
    assert (bodo.latest_year, bodo.latest_value, bodo.n_values) == (2022, 10.0, 1)
