"""Values that another app counts itself, written through the importer (all or nothing)."""

from __future__ import annotations

import pytest

from kommunenettverk.indicators.models import Indicator, IndicatorResult, IndicatorValue
from kommunenettverk.indicators.services import (
    ImportRefused,
    OwnIndicator,
    own_indicator_values_record,
)

pytestmark = pytest.mark.django_db

SPEC = OwnIndicator(
    code="egen-telling",
    name="Egen telling",
    description="Telles i plattformen.",
    unit="stk.",
    themes=("quality_of_life_health",),
)


def test_records_values_and_refreshes_the_analytics(registry: None) -> None:
    values: list[tuple[str, int, float | None]] = [
        ("1804", year, float(year - 2015)) for year in range(2016, 2024)
    ]
    values.append(("4621", 2023, None))
    report = own_indicator_values_record(indicator=SPEC, values=values, attribution="Oss")
    assert report.written == 9
    indicator = Indicator.objects.get(code="egen-telling")
    assert indicator.source == Indicator.Source.OWN and indicator.attribution == "Oss"
    missing = IndicatorValue.objects.get(indicator=indicator, area_code="4621")
    assert (missing.value, missing.status) == (None, "..")
    result = IndicatorResult.objects.get(indicator=indicator, area_code="1804")
    assert (result.latest_value, result.trend) == (8.0, "improving")


def test_one_bad_row_writes_nothing(registry: None) -> None:
    with pytest.raises(ImportRefused, match="9999"):
        own_indicator_values_record(
            indicator=SPEC, values=[("1804", 2023, 1.0), ("9999", 2023, 2.0)], attribution="Oss"
        )
    assert not IndicatorValue.objects.exists()
    assert not Indicator.objects.filter(code="egen-telling").exists()
