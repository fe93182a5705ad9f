"""How big the benchmarks are: national size, or tiny with BENCH_SMALL=1.

`make bench BENCH_SMALL=1` runs every benchmark on a few indicators and examples in a minute or
two: it proves the benchmarks work (the fresh-clone test runs it), its figures mean nothing.
"""

from __future__ import annotations

import os
from typing import TypeVar

T = TypeVar("T", int, float)

SMALL = os.environ.get("BENCH_SMALL", "").strip().lower() not in {"", "0", "false", "no"}


def pick(full: T, small: T) -> T:
    """`full` for a real benchmark; `small` when BENCH_SMALL is set."""
    return small if SMALL else full
