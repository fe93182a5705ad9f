"""Run every `bench/bench_*.py` against the production stack; print one table.

    python -m bench [--repeat 30] [--seconds 3] [--clients 2] [--only LABEL]

With BENCH_SMALL=1 (bench/size.py) the data sets are tiny, 3 repeats and 0.5 s per page.

A private PostgreSQL cluster (tests/stack.py) holds the registry and demo data, unless
BENCH_DATABASE_URL points at a prepared database; gunicorn (2 sync workers, DEBUG off, a private
Redis as the shared cache, as in production) serves the throughput runs on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import pkgutil
import statistics
import sys
from pathlib import Path
from types import ModuleType

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(BASE_DIR), str(BASE_DIR / "src")]

from django.conf import settings  # noqa: E402
from django.urls import clear_url_caches  # noqa: E402
from tests.stack import demo_site_database, gunicorn, redis_server  # noqa: E402 - after the path

from bench.size import SMALL, pick  # noqa: E402

GOAL = 0.25  # every anonymous key page at >= 25% of the minimal page's throughput (issue 9)
# Issue 20: being signed in costs at most 5× (the minimal signed-in page at >= 20% of the
# anonymous one), every signed-in page at >= 50% of the minimal signed-in page for its user.
SIGNED_IN_GOAL, SIGNED_IN_PAGE_GOAL = 0.20, 0.50


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

    with contextlib.ExitStack() as stack:
        # The workers share a Redis as their cache, as in production (docs/deployment.md).
        os.environ["CACHE_URL"] = stack.enter_context(redis_server()).url()
        env = stack.enter_context(demo_site_database("BENCH_DATABASE_URL", "kn_bench"))
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
        from bench.urls import MINIMAL_SIGNED_IN

        users = sorted({page.as_user for page in pages if page.as_user})
        signed_in = {
            user: PageBench(f"Minimal innlogget ({user.split('@')[0]})", MINIMAL_SIGNED_IN, user)
            for user in users
        }
        results: list[Result] = []
        # The minimal signed-in page exists only in the bench's URLs (bench/urls.py).
        settings.ROOT_URLCONF = "bench.urls"
        clear_url_caches()
        site = {**env, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(BASE_DIR)}
        with gunicorn(site, workers=2) as base:
            port = int(base.rsplit(":", 1)[1])

            def rps(page: PageBench) -> float:
                return throughput(
                    port,
                    page.url(),
                    cookie=session_cookie(page),
                    seconds=options.seconds,
                    clients=options.clients,
                )

            # The machine is shared: each page is paired with a run of the minimal page (and,
            # signed in, of the minimal signed-in page of the same user) just before it, so a
            # busy neighbour slows both alike.
            rps(minimal)  # warm-up
            minimal_runs: list[float] = []
            signed_in_runs: dict[str, list[tuple[float, float]]] = {user: [] for user in users}
            measured: list[tuple[PageBench, float, float]] = []
            for page in pages:
                minimal_runs.append(rps(minimal))
                paired = minimal_runs[-1]
                if page.as_user:
                    paired = rps(signed_in[page.as_user])
                    signed_in_runs[page.as_user].append((paired, minimal_runs[-1]))
                measured.append((page, rps(page), paired))
            median, queries = server_time(minimal, repeat=options.repeat)
            base_rps = statistics.median(minimal_runs) if minimal_runs else rps(minimal)
            results.append(Result(minimal.label, median, queries, rps=base_rps, ratio=1.0))
            for user in users:
                runs = signed_in_runs[user]
                median, queries = server_time(signed_in[user], repeat=options.repeat)
                ratio = statistics.median(page / anonymous for page, anonymous in runs)
                results.append(
                    Result(
                        signed_in[user].label,
                        median,
                        queries,
                        rps=statistics.median(page for page, _ in runs),
                        ratio=ratio,
                        goal=f"≥ {SIGNED_IN_GOAL:.0%} av minimal side",
                        met=ratio >= SIGNED_IN_GOAL,
                    )
                )
            for page, page_rps, paired in measured:
                cold, cold_queries = server_time(page, repeat=options.repeat, cached=False)
                median, queries = server_time(page, repeat=options.repeat)
                ratio = page_rps / paired
                goals: list[str] = []
                met = True
                if page.as_user:
                    goals.append(f"≥ {SIGNED_IN_PAGE_GOAL:.0%} av minimal innlogget")
                    met = ratio >= SIGNED_IN_PAGE_GOAL
                else:
                    goals.append(f"≥ {GOAL:.0%} av minimal side")
                    met = ratio >= GOAL
                if page.max_ms is not None:
                    goals.append(f"≤ {page.max_ms:g} ms uten cache")
                    met = met and cold <= page.max_ms
                results.append(
                    Result(
                        page.label,
                        median,
                        queries,
                        cold,
                        cold_queries,
                        page_rps,
                        ratio,
                        goal=", ".join(goals),
                        met=met,
                    )
                )
        for module in modules:
            if hasattr(module, "run"):
                results.extend(module.run())

    print()
    print(
        f"{'side':<38} {'uten cache ms':>13} {'SQL':>4} {'median ms':>10} {'SQL':>4} "
        f"{'req/s':>8} {'andel':>7}  mål"
    )
    for r in results:
        mark = ""
        if r.met is not None:
            mark = f"  {'ok' if r.met else 'IKKE NÅDD'}: {r.goal}"
        cold_ms = f"{r.uncached_ms:.2f}" if r.uncached_ms is not None else ""
        cold_q = r.uncached_queries if r.uncached_queries is not None else ""
        print(
            f"{r.label[:38]:<38} {cold_ms:>13} {cold_q:>4} "
            f"{r.median_ms:>10.2f} {r.queries if r.queries is not None else '':>4} "
            f"{f'{r.rps:.0f}' if r.rps is not None else '':>8} "
            f"{f'{r.ratio:.0%}' if r.ratio is not None else '':>7}{mark}{r.note}"
        )
    missed = [r.label for r in results if r.met is False]
    print(
        f"\nmål: {len(results) - len(missed) - sum(r.met is None for r in results)} nådd, "
        f"{len(missed)} ikke nådd" + (f" ({', '.join(missed)})" if missed else "")
    )
    print(
        f"\nmedian ms: Django's own time in-process ({options.repeat} requests), as served "
        "(anonymous pages from the public page cache); uten cache: rendered every time; "
        "req/s: gunicorn, "
        f"2 sync workers, {options.clients} clients for {options.seconds:g} s; "
        "andel: share of the minimal page's throughput (signed-in pages: of the minimal "
        "signed-in page of the same user), measured just before the page."
    )
    if SMALL:
        print("BENCH_SMALL: tiny data and short runs; these figures only show the benchmark works.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
