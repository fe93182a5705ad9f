"""How far an idea travelled and what happened where it landed: pure functions on plain data
(no models, no request), unit-tested with hand-worked numbers.

- `reach_of` puts one take-up in a distance class: within a network the two municipalities
  share, across a shared border, or further away (the first that fits).
- `before_after` compares an indicator's annual change before and after a split year with
  Theil–Sen slopes (indicators.stats), in the indicator's good direction. It claims nothing
  about causes and says "too few years" when either side has fewer than `MIN_YEARS` values.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from kommunenettverk.indicators.stats import theil_sen

MIN_YEARS = 3


class Reach(enum.StrEnum):
    NETWORK = "network"
    NEIGHBOUR = "neighbour"
    FURTHER = "further"


def reach_of(
    origin: str,
    adopter: str,
    *,
    neighbours: Mapping[str, Collection[str]],
    shared_network: bool,
) -> Reach:
    """The distance class of a take-up by municipality number `adopter` of an idea from
    `origin`: NETWORK when they share a network, NEIGHBOUR when they share a border,
    otherwise FURTHER."""
    if shared_network:
        return Reach.NETWORK
    if adopter in neighbours.get(origin, ()):
        return Reach.NEIGHBOUR
    return Reach.FURTHER


def direction(better: str) -> int:
    """+1 when higher values are better, -1 when lower are, 0 for indicators without one."""
    return {"higher": 1, "lower": -1}.get(better, 0)


class Verdict(enum.StrEnum):
    TOO_FEW = "too_few"  # fewer than MIN_YEARS values before or after
    BETTER = "better"  # changing more in the good direction after than before
    WORSE = "worse"
    SAME = "same"  # the same slope, or an indicator without a good direction


@dataclass(frozen=True)
class BeforeAfter:
    split_year: int
    n_before: int
    n_after: int
    slope_before: float | None  # units per year, Theil–Sen; None with fewer than two values
    slope_after: float | None
    verdict: Verdict


def before_after(
    points: Sequence[tuple[int, float | None]], split_year: int, better: str
) -> BeforeAfter:
    """Annual change before `split_year` (years < split) and from it on (years ≥ split).

    Missing values (None) are left out. The verdict compares the two slopes in the indicator's
    good direction: BETTER when the change after is more favourable than before.
    """
    known = sorted((year, value) for year, value in points if value is not None)
    before = [(y, v) for y, v in known if y < split_year]
    after = [(y, v) for y, v in known if y >= split_year]

    def slope(side: list[tuple[int, float]]) -> float | None:
        if len(side) < 2:
            return None
        return theil_sen([y for y, _v in side], [v for _y, v in side])

    slope_before, slope_after = slope(before), slope(after)
    sign = direction(better)
    if len(before) < MIN_YEARS or len(after) < MIN_YEARS:
        verdict = Verdict.TOO_FEW
    elif slope_before is None or slope_after is None or sign == 0:
        verdict = Verdict.SAME
    else:
        gain = (slope_after - slope_before) * sign
        verdict = Verdict.BETTER if gain > 0 else Verdict.WORSE if gain < 0 else Verdict.SAME
    return BeforeAfter(
        split_year=split_year,
        n_before=len(before),
        n_after=len(after),
        slope_before=slope_before,
        slope_after=slope_after,
        verdict=verdict,
    )


def improvement(slope: float | None, better: str) -> float | None:
    """The annual change in the good direction (positive = improving); None without a slope
    or a direction."""
    sign = direction(better)
    if slope is None or sign == 0:
        return None
    return slope * sign


def median(values: Sequence[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count); None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def lags(value: float | None, peer_values: Sequence[float], better: str) -> bool:
    """Whether `value` is worse than the median of `peer_values` in the good direction."""
    sign = direction(better)
    middle = median(peer_values)
    if value is None or middle is None or sign == 0:
        return False
    return (value - middle) * sign < 0
