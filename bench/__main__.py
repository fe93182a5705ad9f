"""Run every `bench/bench_*.py` against the production stack; print one table.

    python -m bench [--repeat 30] [--seconds 3] [--clients 2] [--only LABEL]

With BENCH_SMALL=1 (bench/size.py) the data sets are tiny, 3 repeats and 0.5 s per page.

A private PostgreSQL cluster (tests/stack.py) holds the registry and demo data, unless
BENCH_DATABASE_URL points at a prepared database; gunicorn (2 sync workers, DEBUG off) serves
the throughput runs on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import statistics
import sys
from pathlib import Path
from types import ModuleType

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(BASE_DIR), str(BASE_DIR / "src")]

from tests.stack import demo_site_database, gunicorn  # noqa: E402 - after the path is set

from bench.size import SMALL, pick  # noqa: E402

GOAL = 0.25  # every key page at >= 25% of the minimal page's throughput (issue 9)


def _modules() -> list[ModuleType]:
    folder = Path(__file__).parent
    return [
        importlib.import_module(f"bench.{info.name}")
        for info in sorted(pkgutil.iter_modules([str(folder)]), key=lambda i: i.name)
        if info.name.startswith("bench_")
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    repeat, seconds = pick(30, 3), pick(3.0, 0.5)
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", repeat)))
    parser.add_argument(
        "--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", seconds))
    )
    parser.add_argument("--clients", type=int, default=int(os.environ.get("BENCH_CLIENTS", 2)))
    parser.add_argument("--only", default="", help="measure only pages whose label contains this")
    options = parser.parse_args()

    with demo_site_database("BENCH_DATABASE_URL", "kn_bench") as env:
        from bench.core import PageBench, Result, server_time, session_cookie, throughput

        modules = _modules()
        for module in modules:
            if hasattr(module, "setup"):
                module.setup()
        pages: list[PageBench] = [
            page
            for module in modules
            for page in getattr(module, "PAGES", [])
            if options.only.lower() in page.label.lower()
        ]
        minimal = PageBench("Minimal side (/helse/)", "/helse/")
        results: list[Result] = []
        with gunicorn(env, workers=2) as base:
            port = int(base.rsplit(":", 1)[1])

            def rps(path: str, cookie: str = "") -> float:
                return throughput(
                    port, path, cookie=cookie, seconds=options.seconds, clients=options.clients
                )

            # The machine is shared: each page is paired with a run of the minimal page just
            # before it, so a busy neighbour slows both alike.
            rps(minimal.path)  # warm-up
            minimal_runs: list[float] = []
            measured: list[tuple[PageBench, float, float]] = []
            for page in pages:
                minimal_runs.append(rps(minimal.path))
                measured.append((page, rps(page.path, session_cookie(page)), minimal_runs[-1]))
            median, queries = server_time(minimal, repeat=options.repeat)
            base_rps = statistics.median(minimal_runs) if minimal_runs else rps(minimal.path)
            results.append(Result(minimal.label, median, queries, rps=base_rps, ratio=1.0))
            for page, page_rps, paired in measured:
                cold, cold_queries = server_time(page, repeat=options.repeat, cached=False)
                median, queries = server_time(page, repeat=options.repeat)
                results.append(
                    Result(
                        page.label, median, queries, cold, cold_queries, page_rps, page_rps / paired
                    )
                )
        for module in modules:
            if hasattr(module, "run"):
                results.extend(module.run())

    print()
    print(
        f"{'side':<34} {'uten cache ms':>13} {'SQL':>4} {'median ms':>10} {'SQL':>4} "
        f"{'req/s':>8} {'andel':>7}"
    )
    for r in results:
        mark = "" if r.ratio is None or r.ratio >= GOAL else "  under målet (25 %)"
        cold_ms = f"{r.uncached_ms:.2f}" if r.uncached_ms is not None else ""
        cold_q = r.uncached_queries if r.uncached_queries is not None else ""
        print(
            f"{r.label:<34} {cold_ms:>13} {cold_q:>4} "
            f"{r.median_ms:>10.2f} {r.queries if r.queries is not None else '':>4} "
            f"{f'{r.rps:.0f}' if r.rps is not None else '':>8} "
            f"{f'{r.ratio:.0%}' if r.ratio is not None else '':>7}{mark}{r.note}"
        )
    print(
        f"\nmedian ms: Django's own time in-process ({options.repeat} requests), as served "
        "(anonymous pages from the public page cache); uten cache: rendered every time; "
        "req/s: gunicorn, "
        f"2 sync workers, {options.clients} clients for {options.seconds:g} s; "
        "andel: share of the minimal page's throughput, measured just before the page."
    )
    if SMALL:
        print("BENCH_SMALL: tiny data and short runs; these figures only show the benchmark works.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
