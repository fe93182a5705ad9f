"""The pure spread statistics (ideabank/spread.py), with hand-worked numbers."""

from __future__ import annotations

import pytest

from kommunenettverk.ideabank.spread import (
    Reach,
    Verdict,
    before_after,
    improvement,
    lags,
    median,
    reach_of,
)

NEIGHBOURS = {"1804": ["1841"], "1841": ["1804"]}


@pytest.mark.parametrize(
    ("adopter", "shared", "expected"),
    [
        ("1841", True, Reach.NETWORK),  # a shared network wins over the border
        ("1841", False, Reach.NEIGHBOUR),
        ("5501", False, Reach.FURTHER),
        ("5501", True, Reach.NETWORK),
    ],
)
def test_reach_of(adopter: str, shared: bool, expected: Reach) -> None:
    assert reach_of("1804", adopter, neighbours=NEIGHBOURS, shared_network=shared) == expected


def test_before_after_sees_a_steeper_fall_after_adoption() -> None:
    # Flat at 100 for 2015–2018, then down 5 a year from 2019: lower is better.
    points = [(y, 100.0) for y in range(2015, 2019)] + [
        (y, 100.0 - 5 * (y - 2018)) for y in range(2019, 2024)
    ]
    result = before_after(points, 2019, "lower")
    assert (result.n_before, result.n_after) == (4, 5)
    assert result.slope_before == pytest.approx(0.0)
    assert result.slope_after == pytest.approx(-5.0)
    assert result.verdict == Verdict.BETTER
    # The same numbers where higher is better: worse after.
    assert before_after(points, 2019, "higher").verdict == Verdict.WORSE
    assert before_after(points, 2019, "neutral").verdict == Verdict.SAME


@pytest.mark.parametrize(
    "points",
    [
        [],
        [(2020, 1.0)],
        [(2016, 1.0), (2017, 2.0), (2018, 3.0), (2019, 4.0), (2020, 5.0)],  # two years after
        [(2017, 1.0), (2018, None), (2019, 4.0), (2020, 5.0), (2021, 6.0)],  # a gap before
    ],
)
def test_before_after_says_too_few_years(points: list[tuple[int, float | None]]) -> None:
    assert before_after(points, 2019, "lower").verdict == Verdict.TOO_FEW


def test_median_lags_and_improvement() -> None:
    assert median([]) is None
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 2.0, 3.0]) == 2.5
    assert lags(100.0, [35.0, 61.0, 78.0], "lower")  # worse than the median 61
    assert not lags(50.0, [35.0, 61.0, 78.0], "lower")
    assert lags(50.0, [35.0, 61.0, 78.0], "higher")
    assert not lags(50.0, [35.0, 61.0], "neutral")
    assert not lags(None, [1.0], "lower")
    assert not lags(1.0, [], "lower")
    assert improvement(-5.0, "lower") == 5.0
    assert improvement(-5.0, "higher") == -5.0
    assert improvement(None, "lower") is None
    assert improvement(1.0, "neutral") is None
