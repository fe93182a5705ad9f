"""Indicator benchmark (`make bench`): 357 municipalities × 200 indicators × 21 years
(5 indicators with BENCH_SMALL=1, bench/size.py).

Prints figures; it is not a timed test. Targets on a 2-core machine: CSV import ≤ 10 s,
full analytics refresh ≤ 5 s, municipality indicator page and national page ≤ 100 ms
server time, with a number of SQL queries that does not grow with the data.

Runs on a fresh SQLite file (var/bench.sqlite3) unless DATABASE_URL is set; on PostgreSQL
give it a database of its own (`DATABASE_URL=postgres://…/kn_bench make bench`): the
benchmark's indicators (codes bench-…) are deleted and recreated there.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
if "DATABASE_URL" not in os.environ:
    (ROOT / "var").mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        (ROOT / "var" / f"bench.sqlite3{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kommunenettverk.config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402 - settings come from the environment set above

django.setup()

from bench.national import (  # noqa: E402
    FIRST_YEAR,
    LAST_YEAR,
    N_INDICATORS,
    indicators_csv,
    indicators_prepare,
)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from kommunenettverk.indicators.services import (  # noqa: E402
    indicator_results_refresh,
    indicator_values_import,
)
from kommunenettverk.indicators.tabular import ColumnMapping, read_csv  # noqa: E402
from kommunenettverk.registry.models import Municipality  # noqa: E402
from kommunenettverk.registry.services import registry_load_snapshot  # noqa: E402


def _prepare() -> list[str]:
    call_command("migrate", verbosity=0)
    if not Municipality.objects.exists():
        registry_load_snapshot()
    return indicators_prepare()


def _page(client: Client, url: str, runs: int = 15) -> tuple[float, int]:
    client.get(url)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), len(queries)


def main() -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Database: {connection.vendor}; load average {load} on {os.cpu_count()} cores "
        "(figures are wall-clock time: other work on the machine inflates them)"
    )
    municipalities = _prepare()
    data = indicators_csv(municipalities)
    print(
        f"Data set: {len(municipalities)} municipalities × {N_INDICATORS} indicators × "
        f"{LAST_YEAR - FIRST_YEAR + 1} years, CSV {len(data) / 1e6:.0f} MB"
    )
    mapping = ColumnMapping(area="kommune", period="år", value="verdi", indicator="indikator")

    start = time.perf_counter()
    rows = read_csv(data, mapping)
    parsed = time.perf_counter() - start
    report = indicator_values_import(rows=rows, refresh=False)
    imported = time.perf_counter() - start
    print(
        f"CSV import: {imported:.2f} s (parse {parsed:.2f} s) — {report.summary()} [target ≤ 10 s]"
    )

    start = time.perf_counter()
    written = indicator_results_refresh()
    print(
        f"Analytics refresh: {time.perf_counter() - start:.2f} s for {written} series "
        f"[target ≤ 5 s]"
    )

    start = time.perf_counter()
    report = indicator_values_import(rows=rows, refresh=False)
    print(
        f"CSV re-import (all replaced): {time.perf_counter() - start:.2f} s — "
        f"{report.replaced} replaced"
    )

    # Rendered every time (the public page cache off); `make bench` shows them as served.
    client = Client()
    for label, url in [
        ("Municipality indicator page", "/indikatorer/kommuner/1804/bench-001/"),
        (f"Municipality overview ({N_INDICATORS} indicators)", "/indikatorer/kommuner/1804/"),
        ("National page", "/indikatorer/nasjonalt/?indikator=bench-001"),
    ]:
        with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):
            median, queries = _page(client, url)
        print(
            f"{label}: {median:.1f} ms median server time, {queries} SQL queries [target ≤ 100 ms]"
        )


if __name__ == "__main__":
    main()
