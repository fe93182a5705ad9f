"""Indicator benchmark (`make bench-indicators`): 357 municipalities × 200 indicators × 21
years (5 indicators with BENCH_SMALL=1, bench/size.py; `--indicators N` for any other size).

Prints figures; it is not a timed test. Each import step is also printed as a ratio to the
machine's raw limit, measured in the same run on the same rows: a plain `executemany` of
one row per statement (SQLite) or a plain CSV `COPY` (PostgreSQL) into a bare table with the
value table's columns and no index or constraint, inside one transaction. The limit is
measured twice and the faster run counts, so a noisy machine makes the ratios stricter, not
kinder. Targets (issue 23): first import and full re-import ≤ 2× the limit (parsing and
validation included), full analytics refresh ≤ 1.2 s, the incremental refresh after an
import ≤ 50 ms per 1,000 series; pages ≤ 100 ms with a number of SQL queries that does not
grow with the data.

Runs on a fresh SQLite file (var/bench.sqlite3) unless DATABASE_URL is set; on PostgreSQL
give it a database of its own (`DATABASE_URL=postgres://…/kn_bench make bench`): the
benchmark's indicators (codes bench-…) are deleted and recreated there.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

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

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402
from bench.national import (  # noqa: E402
    FIRST_YEAR,
    LAST_YEAR,
    N_INDICATORS,
    indicators_csv,
    indicators_prepare,
)
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from kommunenettverk.indicators import stats  # noqa: E402
from kommunenettverk.indicators.models import Indicator  # noqa: E402
from kommunenettverk.indicators.services import (  # noqa: E402
    bulk,
    indicator_results_refresh,
    indicator_values_import,
    validation,
)
from kommunenettverk.indicators.services.imports import (  # noqa: E402
    FileKind,
    FileOptions,
    indicator_file_import,
)
from kommunenettverk.indicators.tabular import ColumnMapping, read_csv  # noqa: E402
from kommunenettverk.registry.models import Municipality  # noqa: E402
from kommunenettverk.registry.services import registry_load_snapshot  # noqa: E402

T = TypeVar("T")
MAPPING = ColumnMapping(area="kommune", period="år", value="verdi", indicator="indikator")
OPTIONS = FileOptions(area="kommune", period="år", value="verdi", indicator="indikator")
PREVIEW_ROWS = 200_000  # issue 18: a file of 200 k rows previews in ≤ 5 s
RAW_TABLE = "bench_raw_value"


def _timed(work: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def _raw_write(rows: pl.DataFrame) -> tuple[float, float]:
    """Seconds (wall clock, this process's CPU) for the plainest write of the typed rows
    (bulk.value_rows) into a bare table."""
    real = "double precision" if connection.vendor == "postgresql" else "real"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
        cursor.execute(
            f"CREATE TABLE {RAW_TABLE} (indicator_id bigint NOT NULL, area_kind varchar(1) "
            "NOT NULL, area_code varchar(4) NOT NULL, period varchar(9) NOT NULL, year_from "
            f"smallint NOT NULL, year smallint NOT NULL, value {real} NULL, status varchar(2) "
            "NOT NULL)"
        )
    names = ", ".join(rows.columns)
    start, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            data = rows.write_csv(include_header=False, null_value="", quote_style="non_numeric")
            with cursor.cursor.copy(f"COPY {RAW_TABLE} ({names}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(data.encode())
        else:
            columns = [rows.get_column(name).to_list() for name in rows.columns]
            connection.connection.executemany(
                f"INSERT INTO {RAW_TABLE} ({names}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608 - constants
                zip(*columns, strict=True),
            )
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {RAW_TABLE}")
    return seconds, cpu


def _typed_rows(data: bytes) -> pl.DataFrame:
    frame, _rejected, aggregation, _unresolved = validation.rows_validate(read_csv(data, MAPPING))
    frame, _more = validation.duplicates_combine(frame, aggregation)
    return bulk.value_rows(frame)


def _theil_sen_limit(rows: pl.DataFrame) -> tuple[float, int]:
    """Seconds for Theil–Sen alone over every series (the analytics' arithmetic floor)."""
    known = rows.filter(pl.col("value").is_not_null())
    key = pl.struct("indicator_id", "area_code").rank("dense") - 1
    series = known.select(key).to_series().to_numpy()
    years = known.get_column("year").to_numpy() - FIRST_YEAR
    matrix = np.full((int(series.max()) + 1, LAST_YEAR - FIRST_YEAR + 1), np.nan)
    matrix[series, years] = known.get_column("value").to_numpy()
    axis = np.arange(FIRST_YEAR, LAST_YEAR + 1, dtype=np.float64)
    _slopes, seconds = _timed(lambda: stats.theil_sen_batch(matrix, axis))
    return seconds, matrix.shape[0]


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


def _pages(n_indicators: int) -> None:
    # Rendered every time (the public page cache off); `make bench` shows them as served.
    client = Client()
    for label, url in [
        ("Municipality indicator page", "/indikatorer/kommuner/1804/bench-001/"),
        (f"Municipality overview ({n_indicators} indicators)", "/indikatorer/kommuner/1804/"),
        ("National page", "/indikatorer/nasjonalt/?indikator=bench-001"),
    ]:
        with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):
            median, queries = _page(client, url)
        print(
            f"{label}: {median:.1f} ms median server time, {queries} SQL queries [target ≤ 100 ms]"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--indicators", type=int, default=N_INDICATORS, help="data set size")
    parser.add_argument(
        "--incremental", type=int, default=3, help="indicators revised for the incremental step"
    )
    parser.add_argument("--no-pages", action="store_true", help="skip the page timings")
    args = parser.parse_args()
    n_indicators = args.indicators

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Database: {connection.vendor}; load average {load} on {os.cpu_count()} cores "
        "(figures are wall-clock time: other work on the machine inflates them; the ratios "
        "to the raw limit, measured in the same run, are what counts)"
    )
    call_command("migrate", verbosity=0)
    if not Municipality.objects.exists():
        registry_load_snapshot()
    municipalities = indicators_prepare(n_indicators)
    if connection.vendor == "postgresql":
        # Earlier runs' deleted rows: reclaimed as autovacuum would, so every run starts alike.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {bulk.VALUE_TABLE}")
    first = indicators_csv(municipalities, n_indicators)
    revised = indicators_csv(municipalities, n_indicators, revision=1)
    n_values = len(municipalities) * n_indicators * (LAST_YEAR - FIRST_YEAR + 1)
    print(
        f"Data set: {len(municipalities)} municipalities × {n_indicators} indicators × "
        f"{LAST_YEAR - FIRST_YEAR + 1} years = {n_values:,} values, CSV {len(first) / 1e6:.0f} MB"
    )
    how = "executemany" if connection.vendor == "sqlite" else "COPY"
    limits = [_raw_write(_typed_rows(first))]
    print(f"Raw limit ({how} into a bare table, same rows): {limits[0][0]:.2f} s")
    # On SQLite everything runs in this process, so its CPU time is a second ratio that the
    # other work on a shared machine hardly moves; on PostgreSQL the server's share is not in
    # it, so only the wall-clock ratio is printed there.
    sqlite = connection.vendor == "sqlite"

    def step(label: str, data: bytes) -> None:
        limits.append(_raw_write(_typed_rows(data)))
        limit = min(wall for wall, _cpu in limits)
        limit_cpu = min(cpu for _wall, cpu in limits)
        start, cpu = time.perf_counter(), time.process_time()
        preview = indicator_file_import(data=data, kind=FileKind.CSV, options=OPTIONS, dry_run=True)
        previewed = time.perf_counter() - start
        report = indicator_file_import(
            data=data,
            kind=FileKind.CSV,
            options=OPTIONS,
            expect_digest=preview.digest,
            refresh=False,
        )
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        both = f"{seconds / limit:.2f}×" + (f" (CPU {cpu / limit_cpu:.2f}×)" if sqlite else "")
        print(
            f"{label}, preview + import: {seconds:.2f} s (preview {previewed:.2f} s, import "
            f"{seconds - previewed:.2f} s) = {both} the raw limit of {limit:.2f} s (this run "
            f"{limits[-1][0]:.2f} s) — {report.summary()} [target ≤ 2×]"
        )

    lines = first.rstrip(b"\n").split(b"\n")  # a header, then one value a line
    sample = b"\n".join(lines[: PREVIEW_ROWS + 1]) + b"\n"
    n_rows = min(PREVIEW_ROWS, len(lines) - 1)
    _report, seconds = _timed(
        lambda: indicator_file_import(data=sample, kind=FileKind.CSV, options=OPTIONS, dry_run=True)
    )
    print(f"Preview of a {n_rows:,}-row file: {seconds:.2f} s [target ≤ 5 s for 200,000 rows]")
    step("CSV import", first)
    cpu = time.process_time()
    written, seconds = _timed(lambda: indicator_results_refresh())
    cpu = time.process_time() - cpu
    floor, n_series = _theil_sen_limit(_typed_rows(first))
    print(
        f"Analytics refresh, full: {seconds:.2f} s (CPU of this process {cpu:.2f} s) for "
        f"{written} series [target ≤ 1.2 s]; "
        f"Theil–Sen alone over the same {n_series} series {floor:.2f} s"
    )
    step("CSV re-import (every value revised)", revised)

    codes = [f"bench-{i:03d}" for i in range(min(args.incremental, n_indicators))]
    ids = list(Indicator.objects.filter(code__in=codes).values_list("id", flat=True))
    again = read_csv(indicators_csv(municipalities, n_indicators, revision=2), MAPPING)
    indicator_values_import(rows=again.filter(pl.col("indicator").is_in(codes)), refresh=False)
    cpu = time.process_time()
    written, seconds = _timed(lambda: indicator_results_refresh(indicator_ids=ids))
    cpu = time.process_time() - cpu
    per = 1e6 / max(written, 1)
    print(
        f"Analytics refresh, incremental ({len(codes)} revised indicators): {seconds * 1000:.0f} "
        f"ms for {written} series = {seconds * per:.0f} ms per 1,000 series (CPU of this "
        f"process {cpu * per:.0f} ms) [target ≤ 50 ms]"
    )
    if not args.no_pages:
        _pages(n_indicators)


if __name__ == "__main__":
    main()
