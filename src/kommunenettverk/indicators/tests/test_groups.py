"""The national page's participant groups, summarised without the database."""

from __future__ import annotations

from kommunenettverk.indicators.selectors import (
    DistributionRow,
    distribution_by_group,
    group_summary,
)


def _row(number: str, name: str, value: float, trend: str, group: str) -> DistributionRow:
    return DistributionRow(
        number=number, name=name, value=value, period="2024", trend=trend, group=group
    )


def test_rows_are_split_by_group_and_sorted_by_name() -> None:
    rows = [
        _row("1804", "Bodø", 4.0, "improving", "Deltar"),
        _row("1833", "Alstahaug", 1.0, "worsening", "Deltar"),
        _row("4621", "Voss", 2.0, "no_trend", "Deltar ikke"),
    ]
    groups = distribution_by_group(rows)
    assert [r["name"] for r in groups["deltar"]] == ["Alstahaug", "Bodø"]
    assert [r["name"] for r in groups["andre"]] == ["Voss"]


def test_summary_counts_median_mean_and_trends_by_hand() -> None:
    rows = [
        _row("1", "A", 1.0, "improving", "Deltar"),
        _row("2", "B", 2.0, "improving", "Deltar"),
        _row("3", "C", 6.0, "worsening", "Deltar"),
    ]
    # median of (1, 2, 6) is 2; mean is 9 / 3 = 3
    assert group_summary(rows) == {
        "count": 3,
        "median": 2.0,
        "mean": 3.0,
        "improving": 2,
        "worsening": 1,
    }
    assert group_summary([]) == {
        "count": 0,
        "median": None,
        "mean": None,
        "improving": 0,
        "worsening": 0,
    }
