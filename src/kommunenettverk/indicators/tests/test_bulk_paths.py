"""The fast paths give exactly what the plain ones give, value by value (issue 23).

- The staged, multi-row import (services/bulk.py) against a reference: the same validated
  rows upserted one by one with the ORM, as the rule "existing values for the same indicator,
  area and period are replaced" says.
- The incremental analytics refresh after an import against a full refresh of everything.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pytest

from kommunenettverk.indicators.models import Indicator, IndicatorResult, IndicatorValue
from kommunenettverk.indicators.services import (
    indicator_results_refresh,
    indicator_values_import,
    indicator_values_restore,
    validation,
)
from kommunenettverk.indicators.services.bulk import value_rows
from kommunenettverk.indicators.tabular import ColumnMapping, read_csv
from kommunenettverk.indicators.tests.factories import make_indicator
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db
MAPPING = ColumnMapping(area="k", period="år", value="v", indicator="i")
CODES = ("sum-a", "mean-b", "none-c")
YEARS = range(2015, 2024)


def _indicators() -> None:
    make_indicator(CODES[0], aggregation="sum", better="lower")
    make_indicator(CODES[1], aggregation="weighted_mean", better="higher")
    make_indicator(CODES[2], aggregation="none", better="neutral")


def _csv(revision: int, codes: tuple[str, ...] = CODES) -> bytes:
    """Values for 60 municipalities, the county 18 and the country: revision 1 revises about
    half of the numbers, turns some into symbols and back, and adds a year and FHI-style
    three-year periods; the rest repeats revision 0 unchanged."""
    rng = np.random.default_rng(7)
    areas = sorted(Municipality.objects.current().values_list("number", flat=True))[:60]
    lines = ["i,k,år,v"]
    for code in codes:
        for area in [*areas, "18", "0"]:
            for year in [*YEARS, *([2024] if revision else [])]:
                value = float(np.round(rng.normal(50, 10), 2))
                if revision and rng.random() < 0.5:
                    value = round(value + 1.25, 2)
                symbol = rng.random() < (0.05 if revision else 0.03)
                lines.append(f"{code},{area},{year},{'..' if symbol else value}")
            if revision and code == CODES[1]:
                lines.append(f"{code},{area},2019-2021,{rng.normal(50, 10):.3f}")
    return ("\n".join(lines) + "\n").encode()


VALUE_COLUMNS = ("indicator_id", "area_kind", "area_code", "period", "year_from", "year")


def _stored_values() -> dict[tuple[Any, ...], tuple[Any, ...]]:
    return {
        row[:4]: row[4:]
        for row in IndicatorValue.objects.values_list(*VALUE_COLUMNS, "value", "status")
    }


def _reference_upsert(data: bytes) -> int:
    """The plain path: validate as the import does, then one ORM upsert per row. Returns the
    number of rows that replaced an existing one with different content."""
    frame, _rejected, aggregation, _unresolved = validation.rows_validate(read_csv(data, MAPPING))
    frame, _more = validation.duplicates_combine(frame, aggregation)
    replaced = 0
    for row in value_rows(frame).iter_rows(named=True):
        before = IndicatorValue.objects.filter(
            indicator_id=row["indicator_id"],
            area_kind=row["area_kind"],
            area_code=row["area_code"],
            period=row["period"],
        ).first()
        new = (row["year_from"], row["year"], row["value"], row["status"])
        replaced += (
            before is not None
            and (
                before.year_from,
                before.year,
                before.value,
                before.status,
            )
            != new
        )
        IndicatorValue.objects.update_or_create(
            indicator_id=row["indicator_id"],
            area_kind=row["area_kind"],
            area_code=row["area_code"],
            period=row["period"],
            defaults={
                "year_from": row["year_from"],
                "year": row["year"],
                "value": row["value"],
                "status": row["status"],
            },
        )
    return replaced


def test_staged_import_and_reimport_store_what_row_by_row_upserts_store() -> None:
    _indicators()
    first = indicator_values_import(rows=read_csv(_csv(0), MAPPING), refresh=False)
    again = indicator_values_import(rows=read_csv(_csv(1), MAPPING), refresh=False)
    fast = _stored_values()

    IndicatorValue.objects.all().delete()
    assert _reference_upsert(_csv(0)) == first.replaced == 0
    assert _reference_upsert(_csv(1)) == again.replaced
    plain = _stored_values()

    assert again.replaced > 0 and again.written > again.replaced  # replaced and new rows
    assert any(status for *_rest, status in plain.values())  # symbols are kept
    assert fast == plain  # every key, every column, every float bit for bit


def test_reimport_of_an_unchanged_file_changes_nothing() -> None:
    _indicators()
    indicator_values_import(rows=read_csv(_csv(0), MAPPING), refresh=False)
    before = _stored_values()
    report = indicator_values_import(rows=read_csv(_csv(0), MAPPING), refresh=False)
    assert report.replaced == report.written == 0
    assert report.unchanged == len(before)
    assert _stored_values() == before


def test_undo_of_a_staged_reimport_brings_back_every_value_it_replaced() -> None:
    _indicators()
    indicator_values_import(rows=read_csv(_csv(0), MAPPING))
    before = _stored_values()
    report = indicator_values_import(rows=read_csv(_csv(1), MAPPING))
    assert report.previous is not None and report.replaced > 0
    assert _stored_values() != before
    indicator_values_restore(previous=report.previous)
    assert _stored_values() == before  # replaced values back, added values gone


def _stored_results() -> dict[tuple[int, str], tuple[Any, ...]]:
    columns = [f.attname for f in IndicatorResult._meta.concrete_fields if f.attname != "id"]
    return {
        (row[0], row[1]): row
        for row in IndicatorResult.objects.values_list(*columns).order_by(
            "indicator_id", "area_code"
        )
    }


def test_incremental_refresh_after_an_import_equals_a_full_refresh() -> None:
    _indicators()
    indicator_values_import(rows=read_csv(_csv(0), MAPPING))  # refreshes its indicators
    before = _stored_results()
    # Revise one indicator only: the import refreshes just that indicator's series.
    revised = read_csv(_csv(1), MAPPING).filter(pl.col("indicator") == CODES[1])
    indicator_values_import(rows=revised)
    incremental = _stored_results()

    indicator_results_refresh()
    full = _stored_results()
    assert incremental == full  # every series, every column
    changed = {key for key in full if full[key] != before[key]}
    assert changed and {key[0] for key in changed} == {Indicator.objects.get(code=CODES[1]).pk}
