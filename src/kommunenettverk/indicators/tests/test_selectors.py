"""Selectors for the national page: the participating / other split the programmes app will
use, and the demo catalogue."""

from __future__ import annotations

import pytest

from kommunenettverk.indicators import selectors
from kommunenettverk.indicators.demo import demo_catalogue, demo_indicators_load
from kommunenettverk.indicators.models import (
    ImportRecipe,
    Indicator,
    IndicatorResult,
    IndicatorValue,
)
from kommunenettverk.indicators.services import indicator_values_import
from kommunenettverk.indicators.tabular import ColumnMapping, read_csv
from kommunenettverk.indicators.tests.factories import make_indicator
from kommunenettverk.programmes.models import ThemeCode as Theme

pytestmark = pytest.mark.django_db


def _load(text: str) -> None:
    mapping = ColumnMapping(area="k", period="år", value="v", indicator="i")
    indicator_values_import(rows=read_csv(("i,k,år,v\n" + text).encode(), mapping))


def test_trend_counts_and_distribution_split_by_participants() -> None:
    indicator = make_indicator("andel", better="higher", aggregation="weighted_mean")
    lines = []
    for number, step in (("1804", 1), ("1841", -1), ("4621", 1)):
        lines += [
            f"andel,{number},{year},{50 + step * (year - 2018)}" for year in range(2018, 2024)
        ]
    _load("\n".join(lines) + "\n")
    [counts] = selectors.trend_counts([indicator], participants={"1804", "1841"})
    assert counts.counts == {"improving": 2, "worsening": 1}
    assert counts.participating == {"improving": 1, "worsening": 1}
    groups = {
        r["number"]: r["group"]
        for r in selectors.indicator_distribution(indicator, participants={"1804"})
    }
    assert groups == {"1804": "Deltar", "1841": "Deltar ikke", "4621": "Deltar ikke"}


def test_totals_weighted_mean_and_complete_sums_only() -> None:
    share = make_indicator("andel", aggregation="weighted_mean")
    total = make_indicator("utslipp", aggregation="sum")
    _load("andel,1804,2023,10\nandel,1841,2023,30\nutslipp,1804,2023,5\nutslipp,1841,2023,7\n")
    [row] = selectors.indicator_totals(share)
    assert row["group"] == "Hele landet" and row["areas"] == 2
    assert 10 < (row["value"] or 0) < 30
    # Two of 357 municipalities: the country's sum is unknown, never a partial sum.
    assert selectors.indicator_totals(total)[0]["value"] is None
    split = selectors.indicator_totals(total, participants={"1804", "1841"})
    assert [(r["group"], r["value"]) for r in split] == [("Deltar", 12.0)]


def test_demo_catalogue_covers_every_theme_and_loads_idempotently() -> None:
    entries = demo_catalogue()
    assert {t for entry in entries for t in entry.themes} == set(Theme.values)
    make_indicator("nedbygd-areal", is_demo=True)  # an earlier demo's invented indicator
    first = demo_indicators_load()
    assert not Indicator.objects.filter(code="nedbygd-areal").exists()
    count = IndicatorValue.objects.count()
    second = demo_indicators_load()
    assert IndicatorValue.objects.count() == count == first.written == second.unchanged
    assert second.written == second.replaced == 0  # the same values: nothing rewritten
    # The catalogue's recipes and the demo's own CSV recipe, once each after two loads.
    names = set(ImportRecipe.objects.values_list("name", flat=True))
    assert "Miljødirektoratet: klimagassutslipp fra veitrafikk" in names
    assert "FHI Kommunehelsa: forventet levealder, begge kjønn" in names
    assert len(names) == ImportRecipe.objects.count() == 10
    assert Indicator.objects.filter(is_demo=True).count() == len(entries)
    assert all("Demodata" in i.attribution for i in Indicator.objects.filter(is_demo=True))
    # Plausible values: life expectancy 78–86 years; every indicator says what it measures,
    # and the totals are ranked per inhabitant with the demo population of the same year.
    life = IndicatorValue.objects.filter(indicator__code="forventet-levealder")
    years = [v for v in life.values_list("value", flat=True) if v is not None]
    assert len(years) == life.count() and min(years) >= 78.0 and max(years) <= 86.0
    assert not Indicator.objects.filter(measure=Indicator.Measure.UNKNOWN).exists()
    road = IndicatorResult.objects.get(indicator__code="klimagassutslipp-vei", area_code="1804")
    assert road.rank is not None and road.peer_group == "EKG11"
    assert road.comparable_value is not None and 0.5 < road.comparable_value < 10  # t per head
