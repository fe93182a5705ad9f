"""Hand-computed checks of indicators.stats (no database)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from kommunenettverk.indicators import stats


@pytest.mark.parametrize(
    ("years", "values", "baseline", "expected"),
    [
        ([], [], None, (None, None, None, None, None, None)),
        ([2020], [5.0], None, (2020, 5.0, None, None, None, None)),
        # First known value is the baseline; the missing 2023 is skipped, never zero.
        (
            [2020, 2021, 2022, 2023],
            [None, 10.0, 12.0, None],
            None,
            (2022, 12.0, 2021, 10.0, 2.0, 20.0),
        ),
        # Baseline year given: first known value in or after it.
        ([2018, 2019, 2020, 2021], [4.0, 8.0, 6.0, 2.0], 2019, (2021, 2.0, 2019, 8.0, -6.0, -75.0)),
        # A zero baseline has no percentage change.
        ([2020, 2021], [0.0, 3.0], None, (2021, 3.0, 2020, 0.0, 3.0, None)),
        # Negative baseline: percentage against its absolute value.
        ([2020, 2021], [-4.0, -2.0], None, (2021, -2.0, 2020, -4.0, 2.0, 50.0)),
    ],
)
def test_latest_and_change(
    years: list[int], values: list[float | None], baseline: int | None, expected: tuple[object, ...]
) -> None:
    c = stats.latest_and_change(years, values, baseline)
    got = (c.latest_year, c.latest_value, c.baseline_year, c.baseline_value, c.change, c.change_pct)
    assert got == expected


@pytest.mark.parametrize(
    ("years", "values", "expected"),
    [
        ([], [], None),
        ([2020], [1.0], None),
        ([2020, 2021], [1.0, None], None),
        ([2020, 2021, 2022], [1.0, 2.0, 3.0], 1.0),
        # Pairs: (2000,2001) 1/1 = 1; (2000,2004) 9/4 = 2.25; (2001,2004) 8/3 ≈ 2.667 → 2.25.
        ([2000, 2001, 2002, 2004], [1.0, 2.0, None, 10.0], 2.25),
        # Pairs of [0,1,2,100] at x = 0..3: 1, 2/2, 100/3, 1, 99/2, 98
        # → sorted 1, 1, 1, 33.3, 49.5, 98 → (1 + 33.3)/2.
        ([0, 1, 2, 3], [0.0, 1.0, 2.0, 100.0], (1 + 100 / 3) / 2),
        # With a missing year: pairs 1→3: (5−1)/2 = 2; 1→4: 9/3 = 3; 3→4: 5 → median 3.
        ([1, 2, 3, 4], [1.0, None, 5.0, 10.0], 3.0),
    ],
)
def test_theil_sen(years: list[int], values: list[float | None], expected: float | None) -> None:
    got = stats.theil_sen(years, values)
    assert got == pytest.approx(expected) if expected is not None else got is None


def test_mann_kendall_strictly_increasing() -> None:
    # S = 10 (all 10 pairs rise); Var = 5·4·15/18 = 16.667; Z = (10−1)/√16.667 = 2.2045;
    # p = erfc(2.2045/√2) = 0.0275.
    mk = stats.mann_kendall([1.0, 2.0, 3.0, 4.0, 5.0])
    assert (mk.n, mk.s) == (5, 10)
    assert mk.var_s == pytest.approx(300 / 18)
    assert mk.z == pytest.approx(9 / math.sqrt(300 / 18))
    assert mk.p == pytest.approx(0.027486, abs=1e-6)


def test_mann_kendall_tie_correction() -> None:
    # [1, 2, 2, 3]: pairs +,+,+,0,+,+ → S = 5. n(n−1)(2n+5) = 4·3·13 = 156; one tie group of
    # t = 2 → 2·1·9 = 18; Var = (156 − 18)/18 = 7.667; Z = 4/√7.667 = 1.4446; p = 0.1486.
    mk = stats.mann_kendall([1.0, 2.0, 2.0, 3.0])
    assert mk.s == 5
    assert mk.var_s == pytest.approx(138 / 18)
    assert mk.z == pytest.approx(4 / math.sqrt(138 / 18))
    assert mk.p == pytest.approx(0.14856, abs=1e-5)


def test_mann_kendall_three_way_tie_and_missing() -> None:
    # [5, None, 5, 5, 4]: known [5,5,5,4] → S = −3; 156 − 3·2·11 = 90 → Var = 5; Z = −2/√5.
    mk = stats.mann_kendall([5.0, None, 5.0, 5.0, 4.0])
    assert (mk.n, mk.s) == (4, -3)
    assert mk.var_s == pytest.approx(5.0)
    assert mk.z == pytest.approx(-2 / math.sqrt(5))


@pytest.mark.parametrize("values", [[], [1.0], [None, None], [3.0, 3.0, 3.0]])
def test_mann_kendall_degenerate(values: list[float | None]) -> None:
    mk = stats.mann_kendall(values)
    assert mk.s == 0 and mk.z == 0.0 and mk.p == 1.0


@pytest.mark.parametrize(
    ("values", "better", "expected"),
    [
        ([1.0, 2.0, 3.0, 4.0, 5.0], "higher", "improving"),
        ([1.0, 2.0, 3.0, 4.0, 5.0], "lower", "worsening"),
        ([1.0, 2.0, 3.0, 4.0, 5.0], "neutral", "increasing"),
        ([5.0, 4.0, 3.0, 2.0, 1.0], "lower", "improving"),
        ([5.0, 4.0, 3.0, 2.0, 1.0], "higher", "worsening"),
        ([5.0, 4.0, 3.0, 2.0, 1.0], "neutral", "decreasing"),
        # p = 0.14 for a noisy rise: no clear trend.
        ([1.0, 3.0, 2.0, 4.0, 3.0], "higher", "no_clear"),
        # Four known values are too few, whatever their shape.
        ([1.0, 2.0, None, 3.0, 4.0], "higher", "too_little"),
        ([], "higher", "too_little"),
    ],
)
def test_classify_trend(values: list[float | None], better: str, expected: str) -> None:
    assert stats.classify_trend(values, better) == expected


def test_batch_functions_agree_with_scalar_ones() -> None:
    rng = np.random.default_rng(7)
    matrix = rng.normal(size=(50, 12)).cumsum(axis=1)
    matrix[rng.random(matrix.shape) < 0.2] = np.nan
    matrix[3] = np.nan
    years = np.arange(2010, 2022, dtype=np.float64)
    slopes = stats.theil_sen_batch(matrix, years)
    n, s, _var, _z, p = stats.mann_kendall_batch(matrix)
    for row in range(50):
        values = [None if math.isnan(v) else float(v) for v in matrix[row]]
        expected = stats.theil_sen(list(range(2010, 2022)), values)
        assert (math.isnan(slopes[row]) and expected is None) or slopes[row] == pytest.approx(
            expected
        )
        mk = stats.mann_kendall(values)
        assert (n[row], s[row]) == (mk.n, mk.s)
        assert p[row] == pytest.approx(mk.p)


@pytest.mark.parametrize(
    ("latest", "target", "rate", "expected"),
    [
        # Need (60−50)/(2030−2025) = 2/year; doing 2.5/year → on track.
        ((2025, 50.0), (2030, 60.0), 2.5, ("on_track", 10.0, 2.0)),
        # Doing 1/year, need 2/year → off track.
        ((2025, 50.0), (2030, 60.0), 1.0, ("off_track", 10.0, 2.0)),
        # Emissions down from 100 to 80 by 2030: need −4/year; doing −5/year → on track.
        ((2025, 100.0), (2030, 80.0), -5.0, ("on_track", -20.0, -4.0)),
        # Moving the wrong way.
        ((2025, 100.0), (2030, 80.0), 1.0, ("off_track", -20.0, -4.0)),
        # Too few values for a slope.
        ((2025, 100.0), (2030, 80.0), None, ("unknown", -20.0, -4.0)),
        # Target year passed and not reached.
        ((2025, 100.0), (2024, 80.0), -5.0, ("off_track", -20.0, None)),
        ((2025, 80.0), (2030, 80.0), 0.0, ("reached", 0.0, 0.0)),
    ],
)
def test_target_status(
    latest: tuple[int, float],
    target: tuple[int, float],
    rate: float | None,
    expected: tuple[str, float, float | None],
) -> None:
    result = stats.target_status(
        latest_year=latest[0],
        latest_value=latest[1],
        target_year=target[0],
        target_value=target[1],
        actual_rate=rate,
    )
    assert (result.status, result.distance, result.required_rate) == expected


def test_target_reached_respects_better_direction() -> None:
    assert stats.target_reached(79.0, 80.0, "lower")
    assert not stats.target_reached(79.0, 80.0, "higher")
    assert stats.target_reached(80.0, 80.0, "neutral")


def test_rank_best_first_with_ties_and_missing() -> None:
    values = np.array([3.0, 1.0, 3.0, np.nan, 5.0])
    assert stats.rank(values, "higher").tolist() == [2, 4, 2, 0, 1]
    assert stats.rank(values, "lower").tolist() == [2, 1, 2, 0, 4]
    assert stats.rank(np.array([]), "higher").tolist() == []


def test_latest_and_change_batch_by_hand() -> None:
    years = np.array([2019.0, 2020.0, 2021.0, 2022.0])
    nan = np.nan
    matrix = np.array(
        [
            [4.0, 8.0, 6.0, 2.0],  # baseline 2020 (first in or after it): 8 → 2, −6, −75 %
            [nan, nan, nan, 5.0],  # only the baseline year's own value: no change
            [nan, 0.0, 3.0, nan],  # zero baseline: change 3, no percentage
            [nan, nan, nan, nan],  # empty
            [1.0, nan, nan, nan],  # nothing in or after 2020 is earlier than the latest
        ]
    )
    got = stats.latest_and_change_batch(matrix, years, 2020)
    assert got.latest.tolist() == [3, 3, 2, -1, 0]
    assert got.baseline.tolist() == [1, -1, 1, -1, -1]
    assert np.array_equal(got.latest_value, np.array([2.0, 5.0, 3.0, nan, 1.0]), equal_nan=True)
    assert np.array_equal(got.change, np.array([-6.0, nan, 3.0, nan, nan]), equal_nan=True)
    assert np.array_equal(got.change_pct, np.array([-75.0, nan, nan, nan, nan]), equal_nan=True)


def test_latest_and_change_batch_agrees_with_the_scalar_one() -> None:
    rng = np.random.default_rng(11)
    matrix = rng.normal(size=(40, 8)).cumsum(axis=1)
    matrix[rng.random(matrix.shape) < 0.3] = np.nan
    matrix[5, 2] = 0.0
    years = list(range(2015, 2023))
    for baseline in (None, 2018):
        batch = stats.latest_and_change_batch(matrix, np.array(years, dtype=np.float64), baseline)
        for row in range(40):
            one = stats.latest_and_change(years, [float(v) for v in matrix[row]], baseline)
            base = int(batch.baseline[row])
            assert one.baseline_year == (years[base] if base >= 0 else None)
            assert (one.change is None) == math.isnan(batch.change[row])
            assert one.change is None or one.change == batch.change[row]


def test_group_aggregate_batch_by_hand() -> None:
    nan = np.nan
    # Two indicators × four members × two years; member 3 is in no group (−1).
    cube = np.array(
        [
            [[1.0, 1.0], [2.0, nan], [4.0, 4.0], [100.0, 100.0]],
            [[10.0, nan], [20.0, nan], [30.0, 30.0], [100.0, 100.0]],
        ]
    )
    groups = np.array([0, 0, 1, -1])
    weights = np.array([1.0, 3.0, 2.0, 5.0])
    got = stats.group_aggregate_batch(cube, groups, 2, weights, np.array(["sum", "weighted_mean"]))
    # Sums: group 0 is 1 + 2 = 3, then missing (member 1 has no value); group 1 is 4 and 4.
    assert np.array_equal(got[0], np.array([[3.0, nan], [4.0, 4.0]]), equal_nan=True)
    # Means: (10·1 + 20·3) / 4 = 17.5, then no member with a value; group 1 is 30 and 30.
    assert np.array_equal(got[1], np.array([[17.5, nan], [30.0, 30.0]]), equal_nan=True)
    none = stats.group_aggregate_batch(cube, groups, 2, weights, np.array(["none", "none"]))
    assert np.isnan(none).all()


def test_group_aggregate() -> None:
    values = np.array([1.0, 2.0, 3.0, np.nan, 10.0])
    groups = np.array([0, 0, 1, 1, 2])
    weights = np.array([1.0, 3.0, 2.0, 2.0, 0.0])
    # A sum with a missing member is missing; group 2's only weight is 0 → no mean.
    assert stats.group_aggregate(values, groups, "sum").tolist()[:2] == [3.0, 3.0]
    assert math.isnan(stats.group_aggregate(values, groups, "sum")[2])
    mean = stats.group_aggregate(values, groups, "weighted_mean", weights)
    assert mean[:3].tolist() == [1.75, 1.75, 3.0]
    assert math.isnan(mean[4])
    assert np.isnan(stats.group_aggregate(values, groups, "none")).all()


def test_group_median_batch_by_hand() -> None:
    nan = np.nan
    cube = np.array([[[1.0, nan], [3.0, 4.0], [10.0, nan], [nan, nan]]])
    result = stats.group_median_batch(cube, np.array([0, 0, 0, 1]), 2)
    assert result[0, 0].tolist() == [3.0, 4.0]  # median(1, 3, 10); median(4)
    assert np.isnan(result[0, 1]).all()  # a group without values has no median


def test_group_median_batch_equals_numpy_nanmedian_bit_for_bit() -> None:
    """The sort-based medians are np.nanmedian's, on odd and even counts, gaps, all-missing
    years and a member in no group."""
    rng = np.random.default_rng(3)
    cube = rng.normal(100, 30, (6, 40, 9)) * rng.choice([1.0, 1e-7, 1e9], (6, 1, 1))
    cube[rng.random(cube.shape) < 0.3] = np.nan
    cube[2, :, 4] = np.nan
    groups = np.tile(np.arange(-1, 5), 7)[:40]
    result = stats.group_median_batch(cube, groups, 5)
    for group in range(5):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices give NaN
            expected = np.nanmedian(cube[:, groups == group, :], axis=1)
        assert np.array_equal(result[:, group, :], expected, equal_nan=True)


@pytest.mark.parametrize(
    ("start", "end", "years", "expected"),
    [
        (100.0, 121.0, 2, 0.1),  # √1.21 − 1
        (100.0, 81.0, 2, -0.1),  # √0.81 − 1
        (-100.0, -121.0, 2, 0.1),  # the ratio is what grows
        (0.0, 5.0, 2, None),  # no growth from zero
        (-1.0, 1.0, 2, None),  # opposite signs
        (100.0, 121.0, 0, None),  # no time between
    ],
)
def test_cagr_by_hand(start: float, end: float, years: int, expected: float | None) -> None:
    result = stats.cagr(start, end, years)
    assert result == (None if expected is None else pytest.approx(expected))


# Base 100 in 2020 and the current value in 2022; CAGR_o = (current / 100)^(1/2) − 1.
# Targets in 2024: CAGR_r = (target / 100)^(1/4) − 1.
@pytest.mark.parametrize(
    ("current", "direction", "target", "status", "value", "score"),
    [
        # CAGR_o = 0.1, CAGR_r = 0.1 (1.1⁴ = 1.4641): ratio 1 → 2.5 · (1 − 0.6) / 0.35
        (121.0, 1, 146.41, "substantial_progress", 1.0, 2.857142857),
        # CAGR_r = 0.125 (1.125⁴ = 1.601806640625): ratio 0.8 → 2.5 · 0.2 / 0.35
        (121.0, 1, 160.1806640625, "moderate_progress", 0.8, 1.428571429),
        # CAGR_r = 0.2 (1.2⁴ = 2.0736): ratio 0.5 → 2.5 · 0.5 / 0.6 − 2.5
        (121.0, 1, 207.36, "limited_progress", 0.5, -0.416666667),
        # CAGR_o = −0.1 the wrong way: ratio −1 → max(2.5 · −1 / 0.6 − 2.5, −5)
        (81.0, 1, 146.41, "deterioration", -1.0, -5.0),
        # Lower is better: CAGR_o = −0.1, CAGR_r = −0.1 (0.9⁴ = 0.6561): −1 · −0.1 / 0.1
        (81.0, -1, 65.61, "substantial_progress", 1.0, 2.857142857),
        # Already at or past the target: achieved, score 5, no rates needed
        (60.0, -1, 65.61, "target_achieved", None, 5.0),
        # Target 0 counts as 0.001: CAGR_r = (0.001 / 100)^(1/4) − 1 = 10^(−1.25) − 1
        (
            81.0,
            -1,
            0.0,
            "limited_progress",
            0.1 / (1 - 10**-1.25),
            2.5 * 0.1 / 0.6 / (1 - 10**-1.25) - 2.5,
        ),
    ],
)
def test_progress_with_a_target_by_hand(
    current: float, direction: int, target: float, status: str, value: float | None, score: float
) -> None:
    result = stats.progress_measure(
        base_year=2020,
        base_value=100.0,
        current_year=2022,
        current_value=current,
        direction=direction,
        target_year=2024,
        target_value=target,
    )
    assert result.with_target and result.status == status
    assert result.value == (None if value is None else pytest.approx(value))
    assert result.score == pytest.approx(score)


@pytest.mark.parametrize(
    ("base", "current", "direction", "status", "score"),
    [
        (100.0, 102.01, 1, "moderate_progress", 1.25),  # CAGR 0.01: 250 · 0.01 − 1.25
        (100.0, 104.04, 1, "substantial_progress", 5.0),  # 0.02: min(500 · 0.02 − 5, 5)
        (100.0, 100.4004, 1, "limited_progress", -1.5),  # 0.002: 500 · 0.002 − 2.5
        (100.0, 102.01, -1, "deterioration", -3.75),  # −0.01: 125 · −0.01 − 2.5
        (-100.0, -121.0, 1, "deterioration", -5.0),  # a negative base turns the sign: −0.1
        (100.0, 121.0, 0, "not_available", None),  # no better direction
        (0.0, 5.0, 1, "not_available", None),  # no growth from zero
        (5.0, -5.0, 1, "not_available", None),  # opposite signs
    ],
)
def test_progress_without_a_target_by_hand(
    base: float, current: float, direction: int, status: str, score: float | None
) -> None:
    result = stats.progress_measure(
        base_year=2020,
        base_value=base,
        current_year=2022,
        current_value=current,
        direction=direction,
    )
    assert not result.with_target and result.status == status
    assert result.score == (None if score is None else pytest.approx(score))


def test_progress_needs_time_between_base_and_current() -> None:
    same_year = stats.progress_measure(
        base_year=2022, base_value=10.0, current_year=2022, current_value=12.0, direction=1
    )
    assert same_year.status == "not_available" and same_year.value is None
    flat_target = stats.progress_measure(
        base_year=2020,
        base_value=10.0,
        current_year=2022,
        current_value=8.0,
        direction=1,
        target_year=2030,
        target_value=10.0,
    )
    # Back to the base value is the target: no growth is required, so no ratio exists.
    assert flat_target.status == "not_available" and flat_target.required_cagr == 0.0
