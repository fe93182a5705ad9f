"""Test data builders for the indicators app."""

from __future__ import annotations

from typing import Any

from kommunenettverk.indicators.models import Indicator


def make_indicator(code: str = "utslipp", **fields: Any) -> Indicator:
    defaults: dict[str, Any] = {
        "name": code.replace("-", " ").capitalize(),
        "unit": "tonn",
        "source": Indicator.Source.OWN,
        "better": Indicator.Better.LOWER,
        "aggregation": Indicator.Aggregation.SUM,
        # Comparable as it is unless a test says otherwise (totals need a population series).
        "measure": Indicator.Measure.PER_INHABITANT,
        "themes": ["climate_energy"],
    }
    defaults.update(fields)
    return Indicator.objects.create(code=code, **defaults)
