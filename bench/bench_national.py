"""The key pages of the later apps at national size (issue 9, item 6): networks, the national
indications over 357 municipalities × 200 indicators × 21 years, and the idea bank search
over 20,000 examples."""

from __future__ import annotations

import time

from bench.core import PageBench
from bench.size import pick

EXAMPLES = pick(20_000, 200)

PAGES = [
    # The public network page (a municipality's programmes, networks and projects); a network's
    # own page needs a login (bench_signedin.py).
    PageBench("Nettverk i kommunen (Bodø)", "/nettverk/kommuner/1804/"),
    # Issue 20: the national page and the search within 25 ms even without the page cache.
    PageBench("Nasjonale indikasjoner", "/indikatorer/nasjonalt/?indikator=bench-001", max_ms=25),
    PageBench("Indikatorer i kommunen (Bodø)", "/indikatorer/kommuner/1804/"),
    PageBench("Idébanksøk «klimaplanen»", "/idebank/?q=klimaplanen", max_ms=25),
    PageBench(
        "Idébanksøk med filter", "/idebank/?q=energi&tema=climate_energy&fylke=18", max_ms=25
    ),
]


def setup() -> None:
    from bench.ideabank_search import examples_generate
    from bench.national import indicators_load

    start = time.perf_counter()
    written = indicators_load()
    print(f"National indicator set: {written} values in {time.perf_counter() - start:.0f} s")
    start = time.perf_counter()
    examples_generate(EXAMPLES)
    print(f"Idea bank: {EXAMPLES} examples in {time.perf_counter() - start:.0f} s", flush=True)
