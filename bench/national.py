"""The national-size indicator data set: 357 municipalities × 200 indicators × 21 years
(5 indicators with BENCH_SMALL=1).

Shared by `scripts/bench_indicators.py` (import and analytics timings) and
`bench/bench_national.py` (the key pages at national size). Needs Django set up.
"""

from __future__ import annotations

from bench.size import pick

N_INDICATORS, FIRST_YEAR, LAST_YEAR = pick(200, 5), 2004, 2024
THEMES = [
    "climate_energy",
    "land_use",
    "quality_of_life_health",
    "international",
    "production_consumption",
    "cultural_heritage",
]


def indicators_prepare(n_indicators: int = N_INDICATORS) -> list[str]:
    """(Re)create the benchmark's `n_indicators` indicators (codes bench-…); returns today's
    municipality numbers. The registry must be loaded."""
    from django.db import connection

    from kommunenettverk.indicators.models import Indicator, IndicatorResult, IndicatorValue
    from kommunenettverk.registry.models import Municipality

    old = list(Indicator.objects.filter(code__startswith="bench-").values_list("id", flat=True))
    if old:
        IndicatorResult.objects.filter(indicator_id__in=old).delete()
        IndicatorValue.objects.filter(indicator_id__in=old)._raw_delete(connection.alias)
        Indicator.objects.filter(id__in=old).delete()
    aggregations = ["sum", "weighted_mean", "none"]
    betters = ["higher", "lower", "neutral"]
    Indicator.objects.bulk_create(
        Indicator(
            code=f"bench-{i:03d}",
            name=f"Benchmark-indikator {i:03d}",
            unit="enhet",
            themes=[THEMES[i % 6]],
            better=betters[i % 3],
            source="own",
            aggregation=aggregations[i % 3],
            is_demo=True,
        )
        for i in range(n_indicators)
    )
    return list(Municipality.objects.current().values_list("number", flat=True))


def indicators_csv(
    municipalities: list[str], n_indicators: int = N_INDICATORS, revision: int = 0
) -> bytes:
    """Every value as CSV (indikator;kommune;år;verdi), with trends and some ".." gaps.

    `revision` 1, 2, … is next year's file from the same source: every number revised
    (+0.37 per revision) and the gaps elsewhere, so a re-import replaces every value."""
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(1)
    years = np.arange(FIRST_YEAR, LAST_YEAR + 1)
    n_m, n_y = len(municipalities), len(years)
    values = (
        rng.normal(100, 20, (n_indicators, n_m, 1))
        + rng.normal(0, 1, (n_indicators, n_m, 1)) * (years - FIRST_YEAR)[None, None, :]
        + rng.normal(0, 5, (n_indicators, n_m, n_y))
        + 0.37 * revision
    )
    text = np.round(values, 2).ravel().astype(str)
    gaps = np.random.default_rng(1 + revision) if revision else rng
    text[gaps.random(text.size) < 0.002] = ".."  # SSB's "not available", kept as a status
    frame = pl.DataFrame(
        {
            "indikator": np.repeat([f"bench-{i:03d}" for i in range(n_indicators)], n_m * n_y),
            "kommune": np.tile(np.repeat(municipalities, n_y), n_indicators),
            "år": np.tile(years.astype(str), n_indicators * n_m),
            "verdi": text,
        }
    )
    return frame.write_csv(separator=";").encode()


def indicators_load() -> int:
    """Import the whole set and compute its analytics; returns the values written."""
    from kommunenettverk.indicators.services import (
        indicator_results_refresh,
        indicator_values_import,
    )
    from kommunenettverk.indicators.tabular import ColumnMapping, read_csv

    mapping = ColumnMapping(area="kommune", period="år", value="verdi", indicator="indikator")
    rows = read_csv(indicators_csv(indicators_prepare()), mapping)
    report = indicator_values_import(rows=rows, refresh=False)
    indicator_results_refresh()
    return report.written
