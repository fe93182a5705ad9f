"""Writes of the indicators app: value imports (JSON-stat, CSV, XLSX, SSB live) and the
stored analytics refresh.

Imports are vectorised with polars and written in bulk through a staging table (COPY on
PostgreSQL, executemany on SQLite), never with the ORM row by row, and always in one
transaction: the report lists every rejected row with its reason.
"""

from __future__ import annotations

import io
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from kommunenettverk.core.cache import public_pages_changed
from kommunenettverk.core.errors import DomainError
from kommunenettverk.indicators import jsonstat, ssb, stats
from kommunenettverk.indicators.models import (
    COUNTRY_CODE,
    AreaKind,
    GoalIndicator,
    ImportJob,
    Indicator,
    IndicatorResult,
    IndicatorValue,
)
from kommunenettverk.indicators.selectors import municipality_value_in_year
from kommunenettverk.indicators.tabular import (
    ColumnMapping,
    TabularError,
    read_csv,
    read_xlsx,
)
from kommunenettverk.plans.models import Goal
from kommunenettverk.registry.models import County, Municipality
from kommunenettverk.registry.selectors import municipality_current_codes

Progress = Callable[[float, str], object]
SYMBOLS = (".", "..", ":")
COUNTRY_ALIASES = {"0", "00", "0000", "EAK", "LANDET", "NORGE"}
MAX_REJECTED_IN_REPORT = 10_000


def _no_progress(_fraction: float, _message: str) -> None:
    return None


class ImportRefused(DomainError):
    """Nothing was written; `report` says why (row by row where rows were at fault)."""

    def __init__(self, message: str, report: ImportReport | None = None) -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class RejectedRow:
    line: int
    reason: str


@dataclass
class ImportReport:
    """What an import did: rows read, written (new + replaced), replaced, and every rejected
    row with its reason. `dry_run` reports were computed but nothing was saved."""

    rows_read: int = 0
    written: int = 0
    replaced: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    rejected_count: int = 0
    dry_run: bool = False
    indicators: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{self.rows_read} rader lest, {self.written} skrevet ({self.replaced} erstattet), "
            f"{self.rejected_count} avvist."
        )
        return text + (" Prøvekjøring: ingenting er lagret." if self.dry_run else "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows_read": self.rows_read,
            "written": self.written,
            "replaced": self.replaced,
            "rejected_count": self.rejected_count,
            "rejected": [{"line": r.line, "reason": r.reason} for r in self.rejected],
            "dry_run": self.dry_run,
            "indicators": self.indicators,
            "summary": self.summary(),
        }


# --- area codes --------------------------------------------------------------------------


def _area_lookup(codes: list[str]) -> pl.DataFrame:
    """For each distinct area code in a file: kind, today's code, or why it is refused.

    Municipality codes valid since 2020 follow the registry's code changes to today's
    municipality; a split cannot be followed (the value cannot be divided).
    """
    current = set(Municipality.objects.current().values_list("number", flat=True))
    counties = set(County.objects.values_list("number", flat=True))
    rows: list[tuple[str, str | None, str | None, bool, str | None]] = []
    for raw in codes:
        code = raw.strip()
        # Some SSB tables prefix region codes with their level: K-3301, F-33.
        if code[:2].upper() in ("K-", "F-"):
            code = code[2:]
        if code.upper() in COUNTRY_ALIASES:
            rows.append((raw, AreaKind.COUNTRY, COUNTRY_CODE, False, None))
        elif len(code) == 2 and code.isdigit():
            if code in counties:
                rows.append((raw, AreaKind.COUNTY, code, False, None))
            else:
                rows.append((raw, None, None, False, f"Ukjent fylkesnummer «{code}»."))
        elif len(code) == 4 and code.isdigit():
            if code in current:
                rows.append((raw, AreaKind.MUNICIPALITY, code, False, None))
                continue
            today = [c for c in municipality_current_codes(code) if c in current]
            if len(today) == 1:
                rows.append((raw, AreaKind.MUNICIPALITY, today[0], True, None))
            elif len(today) > 1:
                rows.append(
                    (
                        raw,
                        None,
                        None,
                        False,
                        f"Kommune {code} ble delt ({', '.join(today)}); verdien kan ikke fordeles.",
                    )
                )
            else:
                rows.append((raw, None, None, False, f"Ukjent kommunenummer «{code}»."))
        else:
            rows.append(
                (
                    raw,
                    None,
                    None,
                    False,
                    f"«{code}» er ikke et kommunenummer, fylkesnummer eller landet.",
                )
            )
    return pl.DataFrame(
        rows,
        schema={
            "area": pl.String,
            "area_kind": pl.String,
            "area_code": pl.String,
            "mapped": pl.Boolean,
            "area_error": pl.String,
        },
        orient="row",
    )


# --- validation ----------------------------------------------------------------------------


def _reject(frame: pl.DataFrame, reason: pl.Expr | str) -> pl.DataFrame:
    expr = pl.lit(reason) if isinstance(reason, str) else reason
    return frame.select("line", expr.cast(pl.String).alias("reason"))


def _validate(
    raw: pl.DataFrame, line_word: str
) -> tuple[pl.DataFrame, list[pl.DataFrame], dict[int, str]]:
    """Split the long rows into valid, typed rows and rejected (line, reason) frames."""
    frame = raw.with_columns(
        pl.col("indicator").str.strip_chars(),
        pl.col("area").str.strip_chars(),
        pl.col("period").str.strip_chars(),
        pl.col("value").str.strip_chars().str.replace_all(r"[\s\u00a0]", ""),
        pl.col("status").str.strip_chars().fill_null(""),
    )
    # A symbol in the value column (SSB's CSV) is the status; "-" is SSB's exact zero.
    frame = frame.with_columns(
        pl.when(pl.col("value").is_in(SYMBOLS) & (pl.col("status") == ""))
        .then(pl.col("value"))
        .otherwise(pl.col("status"))
        .alias("status"),
        pl.when(pl.col("value") == "-").then(pl.lit("0")).otherwise(pl.col("value")).alias("value"),
    )
    rejected: list[pl.DataFrame] = []

    indicators = dict(Indicator.objects.values_list("code", "id"))
    codes = frame.get_column("indicator").unique().to_list()
    ids = {c: indicators[c] for c in codes if c in indicators}
    frame = frame.with_columns(
        pl.col("indicator").replace_strict(ids, default=None, return_dtype=pl.Int64).alias("iid")
    )
    bad = frame.filter(pl.col("iid").is_null())
    rejected.append(
        _reject(bad, pl.format("Ukjent indikator «{}».", pl.col("indicator").fill_null("")))
    )
    frame = frame.filter(pl.col("iid").is_not_null())

    period_ok = pl.col("period").str.contains(r"^\d{4}(-\d{4})?$")
    rejected.append(
        _reject(
            frame.filter(~period_ok.fill_null(False)),
            pl.format(
                "Perioden «{}» er ikke et år (2024) eller en periode (2019-2021).",
                pl.col("period").fill_null(""),
            ),
        )
    )
    frame = frame.filter(period_ok.fill_null(False)).with_columns(
        pl.col("period").str.slice(0, 4).cast(pl.Int32).alias("year_from"),
        pl.col("period").str.slice(-4, 4).cast(pl.Int32).alias("year"),
    )
    rejected.append(
        _reject(
            frame.filter(pl.col("year") < pl.col("year_from")),
            pl.format("Perioden «{}» slutter før den begynner.", pl.col("period")),
        )
    )
    frame = frame.filter(pl.col("year") >= pl.col("year_from"))

    unknown_status = (pl.col("status") != "") & ~pl.col("status").is_in(SYMBOLS)
    rejected.append(
        _reject(
            frame.filter(unknown_status),
            pl.format("Ukjent statuskode «{}» (gyldige: . .. :).", pl.col("status")),
        )
    )
    frame = frame.filter(~unknown_status)
    is_symbol = pl.col("status").is_in(SYMBOLS)
    number = pl.col("value").str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    frame = frame.with_columns(
        pl.when(is_symbol).then(pl.lit(None, dtype=pl.Float64)).otherwise(number).alias("number")
    )
    missing = ~is_symbol & (pl.col("value").is_null() | (pl.col("value") == ""))
    rejected.append(_reject(frame.filter(missing), "Verdien mangler (og ingen statuskode)."))
    not_number = ~is_symbol & ~missing & pl.col("number").is_null()
    rejected.append(
        _reject(frame.filter(not_number), pl.format("«{}» er ikke et tall.", pl.col("value")))
    )
    nonfinite = ~is_symbol & pl.col("number").is_not_null() & ~pl.col("number").is_finite()
    rejected.append(_reject(frame.filter(nonfinite), "Verdien er ikke et endelig tall."))
    frame = frame.filter(~missing & ~not_number & ~nonfinite.fill_null(False))

    areas = _area_lookup(frame.get_column("area").unique().to_list())
    frame = frame.join(areas, on="area", how="left")
    rejected.append(_reject(frame.filter(pl.col("area_error").is_not_null()), pl.col("area_error")))
    frame = frame.filter(pl.col("area_error").is_null())
    aggregation = dict(Indicator.objects.values_list("id", "aggregation"))
    return frame, rejected, {int(k): str(v) for k, v in aggregation.items()}


def _combine_duplicates(
    frame: pl.DataFrame, aggregation: dict[int, str]
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """One row per (indicator, area, period). Values of merged municipalities (old codes that
    now lead to one code) are summed when the indicator is additive; otherwise refused. Any
    other duplicate is refused, with the first line it repeats."""
    keys = ["iid", "area_kind", "area_code", "period"]
    frame = frame.with_columns(pl.len().over(keys).alias("n_in_group"))
    single = frame.filter(pl.col("n_in_group") == 1)
    groups = frame.filter(pl.col("n_in_group") > 1)
    rejected: list[pl.DataFrame] = []
    if groups.height == 0:
        return single, rejected
    groups = groups.with_columns(
        pl.col("iid")
        .replace_strict(aggregation, default="none", return_dtype=pl.String)
        .alias("aggregation"),
        pl.col("area").n_unique().over(keys).alias("n_codes"),
        pl.col("mapped").all().over(keys).alias("all_mapped"),
        (~pl.col("mapped")).any().over(keys).alias("has_own"),
        pl.col("line").min().over(keys).alias("first_line"),
        pl.col("area")
        .filter(pl.col("mapped"))
        .unique()
        .sort()
        .str.join(", ")
        .over(keys)
        .alias("old_codes"),
    )
    plain_duplicate = pl.col("n_codes") < pl.col("n_in_group")
    rejected.append(
        _reject(
            groups.filter(plain_duplicate & (pl.col("line") != pl.col("first_line"))),
            pl.format(
                "Dobbel verdi for samme indikator, område og periode (se linje {}).",
                pl.col("first_line"),
            ),
        )
    )
    rejected.append(
        _reject(
            groups.filter(plain_duplicate & (pl.col("line") == pl.col("first_line"))),
            pl.lit("Dobbel verdi for samme indikator, område og periode."),
        )
    )
    groups = groups.filter(~plain_duplicate)
    # The value under today's code wins over values under old codes.
    rejected.append(
        _reject(
            groups.filter(pl.col("has_own") & pl.col("mapped")),
            pl.format(
                "Kommune {} har i dag nummer {}, og verdien for dagens nummer står "
                "allerede i filen.",
                pl.col("area"),
                pl.col("area_code"),
            ),
        )
    )
    own = groups.filter(pl.col("has_own") & ~pl.col("mapped"))
    merged = groups.filter(pl.col("all_mapped"))
    rejected.append(
        _reject(
            merged.filter(pl.col("aggregation") != "sum"),
            pl.format(
                "Kommunene {} er slått sammen til {}, og indikatoren kan ikke summeres.",
                pl.col("old_codes"),
                pl.col("area_code"),
            ),
        )
    )
    summed = (
        merged.filter(pl.col("aggregation") == "sum")
        .group_by(keys, maintain_order=True)
        .agg(
            pl.col("year_from").first(),
            pl.col("year").first(),
            pl.col("line").min(),
            # A sum with a missing part is missing, never a smaller number.
            pl.when(pl.col("number").is_null().any())
            .then(pl.lit(None, dtype=pl.Float64))
            .otherwise(pl.col("number").sum())
            .first()
            .alias("number"),
            pl.when(pl.col("number").is_null().any())
            .then(pl.lit(".."))
            .otherwise(pl.lit(""))
            .first()
            .alias("status"),
        )
    )
    columns = [*keys, "year_from", "year", "line", "number", "status"]
    combined = pl.concat(
        [single.select(columns), own.select(columns), summed.select(columns)], how="vertical"
    )
    return combined, rejected


# --- bulk write ----------------------------------------------------------------------------

_COLUMNS = "indicator_id, area_kind, area_code, period, year_from, year, value, status"
_TABLE = IndicatorValue._meta.db_table


def _count_values(cursor: Any, ids: list[int]) -> int:
    marks = ", ".join(["%s"] * len(ids))
    cursor.execute(
        f"SELECT COUNT(*) FROM {_TABLE} WHERE indicator_id IN ({marks})",  # noqa: S608 - constants
        ids,
    )
    return int(cursor.fetchone()[0])


_UPSERT = (
    "ON CONFLICT (indicator_id, area_kind, area_code, period) DO UPDATE SET "
    "year_from = excluded.year_from, year = excluded.year, value = excluded.value, "
    "status = excluded.status"
)


def _write(frame: pl.DataFrame, progress: Progress) -> tuple[int, int]:
    """Upsert the typed rows in bulk; returns (written, replaced).

    PostgreSQL: COPY straight into the table when none of these indicators has values yet;
    otherwise COPY into a temporary staging table, then one INSERT … SELECT … ON CONFLICT.
    SQLite: executemany of the same upsert straight into the table (SQLite has no COPY, and a
    staging table there only doubles the work). Replaced rows are counted as written rows
    minus the growth of the table for these indicators.
    """
    rows = frame.select(
        pl.col("iid").alias("indicator_id"),
        "area_kind",
        "area_code",
        "period",
        "year_from",
        "year",
        pl.col("number").alias("value"),
        "status",
    ).sort(["indicator_id", "area_kind", "area_code", "period"])
    ids = rows.get_column("indicator_id").unique().to_list()
    with connection.cursor() as cursor:
        before = _count_values(cursor, ids)
        if connection.vendor == "postgresql" and before == 0:
            # Nothing to replace (the usual first load): COPY straight into the table.
            buffer = io.BytesIO()
            rows.write_csv(buffer, include_header=False, null_value="", quote_style="non_numeric")
            with cursor.cursor.copy(f"COPY {_TABLE} ({_COLUMNS}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(buffer.getvalue())
        elif connection.vendor == "postgresql":
            staging = "indicator_value_staging"
            cursor.execute(
                f"CREATE TEMPORARY TABLE {staging} (indicator_id bigint, area_kind varchar(1), "
                "area_code varchar(4), period varchar(9), year_from integer, year integer, "
                "value double precision, status varchar(2)) ON COMMIT DROP"
            )
            buffer = io.BytesIO()
            rows.write_csv(buffer, include_header=False, null_value="", quote_style="non_numeric")
            with cursor.cursor.copy(f"COPY {staging} ({_COLUMNS}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(buffer.getvalue())
            progress(0.75, "Lagrer verdiene …")
            cursor.execute(
                f"INSERT INTO {_TABLE} ({_COLUMNS}) SELECT {_COLUMNS} FROM {staging} {_UPSERT}"  # noqa: S608 - constants
            )
            cursor.execute(f"DROP TABLE {staging}")
        else:
            # The sqlite3 connection's own executemany skips Django's per-row query rewriting;
            # plain column lists iterate faster than polars' row tuples.
            columns = [rows.get_column(name).to_list() for name in rows.columns]
            connection.connection.execute("PRAGMA cache_size = -131072")  # 128 MiB for the index
            connection.connection.executemany(
                f"INSERT INTO {_TABLE} ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) {_UPSERT}",  # noqa: S608 - constants
                zip(*columns, strict=True),
            )
        after = _count_values(cursor, ids)
    return rows.height, rows.height - (after - before)


def indicator_values_import(
    *,
    rows: pl.DataFrame,
    line_word: str = "linje",
    strict: bool = False,
    dry_run: bool = False,
    refresh: bool = True,
    progress: Progress = _no_progress,
) -> ImportReport:
    """Validate long rows (columns of tabular.LONG_SCHEMA), then write them and refresh the
    touched indicators' stored analytics in one transaction (all or nothing).

    Rejected rows are listed with their reason and skipped; with `strict`, any rejected row
    refuses the whole import. Existing values for the same (indicator, area, period) are
    replaced. Validation only reads, so it runs before the transaction: a background job can
    report its progress until the write starts.
    """
    report = ImportReport(rows_read=rows.height, dry_run=dry_run)
    progress(0.05, "Kontrollerer radene …")
    frame, rejected, aggregation = _validate(rows, line_word)
    frame, more = _combine_duplicates(frame, aggregation)
    rejected_frame = pl.concat([*rejected, *more], how="vertical").sort("line")
    report.rejected_count = rejected_frame.height
    report.rejected = [
        RejectedRow(line=int(line), reason=f"{line_word.capitalize()} {line}: {reason}")
        for line, reason in rejected_frame.head(MAX_REJECTED_IN_REPORT).iter_rows()
    ]
    ids = frame.get_column("iid").unique().to_list()
    report.indicators = sorted(Indicator.objects.filter(pk__in=ids).values_list("code", flat=True))
    if strict and report.rejected_count:
        raise ImportRefused(
            f"{report.rejected_count} rader ble avvist; ingenting er lagret. "
            f"Første: {report.rejected[0].reason}",
            report,
        )
    if dry_run or frame.height == 0:
        return report
    progress(0.4, "Skriver verdiene …")
    with transaction.atomic():
        transaction.on_commit(public_pages_changed)  # public pages show this (core/cache.py)
        report.written, report.replaced = _write(frame, progress)
        if refresh:
            progress(0.9, "Oppdaterer analysene …")
            indicator_results_refresh(indicator_ids=[int(i) for i in ids])
        # Public pages (e.g. a municipality's portal) show the latest values.
        transaction.on_commit(public_pages_changed)
    progress(1.0, report.summary())
    return report


@dataclass(frozen=True)
class OwnIndicator:
    """A catalogue entry that another app registers itself (source "own registration")."""

    code: str
    name: str
    description: str
    unit: str
    themes: tuple[str, ...]
    better: str = Indicator.Better.HIGHER
    aggregation: str = Indicator.Aggregation.SUM
    decimals: int = 0
    per_inhabitant: bool = False


@transaction.atomic
def own_indicator_values_record(
    *,
    indicator: OwnIndicator,
    values: list[tuple[str, int, float | None]],
    attribution: str,
) -> ImportReport:
    """Write a few values of an indicator that another app counts itself (e.g. the community
    app's volunteer effort), through the same validation as a file import.

    Makes or updates the catalogue entry (source "own registration"), then writes the
    (municipality number, year, value) rows with `indicator_values_import(strict=True)`: all or
    nothing, existing values for the same municipality and year replaced, and the indicator's
    stored analytics refreshed. A None value is stored as SSB's ".." (missing), never as zero.
    Raises ImportRefused when any row is refused.
    """
    entry, _created = Indicator.objects.get_or_create(code=indicator.code)
    entry.name = indicator.name
    entry.description = indicator.description
    entry.unit = indicator.unit
    entry.themes = list(indicator.themes)
    entry.better = indicator.better
    entry.source = Indicator.Source.OWN
    entry.aggregation = indicator.aggregation
    entry.decimals = indicator.decimals
    entry.per_inhabitant = indicator.per_inhabitant
    entry.licence = "CC BY 4.0"
    entry.attribution = attribution
    entry.full_clean()
    entry.save()
    rows = pl.DataFrame(
        [
            (
                indicator.code,
                area,
                str(year),
                "" if value is None else repr(float(value)),
                ".." if value is None else "",
                line,
            )
            for line, (area, year, value) in enumerate(values, start=1)
        ],
        schema={
            "indicator": pl.String,
            "area": pl.String,
            "period": pl.String,
            "value": pl.String,
            "status": pl.String,
            "line": pl.Int64,
        },
        orient="row",
    )
    return indicator_values_import(rows=rows, line_word="rad", strict=True)


# --- formats -----------------------------------------------------------------------------


def jsonstat_rows(dataset: jsonstat.Dataset, *, indicator_code: str = "") -> pl.DataFrame:
    """Long rows from a parsed JSON-stat dataset: each content code is matched to the
    catalogue by (SSB table, content code), or all cells go to `indicator_code`."""
    frame = dataset.frame
    if indicator_code:
        indicator = pl.lit(indicator_code)
    else:
        known = (
            dict(
                Indicator.objects.filter(ssb_table=dataset.table).values_list(
                    "ssb_content_code", "code"
                )
            )
            if dataset.table
            else {}
        )
        missing = sorted(set(frame.get_column("content").unique().to_list()) - set(known))
        if missing and not known:
            raise ImportRefused(
                f"Ingen indikator i katalogen har SSB-tabell «{dataset.table}» og "
                f"statistikkvariabel «{missing[0]}». Velg indikatoren for filen."
            )
        indicator = pl.col("content").replace_strict(known, default="", return_dtype=pl.String)
    return frame.select(
        indicator.alias("indicator"),
        "area",
        "period",
        "value",
        "status",
        (pl.col("cell") + 1).alias("line"),
    )


def indicator_values_import_jsonstat(
    *,
    raw: bytes,
    indicator_code: str = "",
    select: dict[str, str] | None = None,
    strict: bool = False,
    dry_run: bool = False,
    progress: Progress = _no_progress,
) -> ImportReport:
    """Import a JSON-stat 2.0 dataset (SSB PxWebApi v2, FHI). Lines in the report are cells."""
    try:
        dataset = jsonstat.parse(raw, select=select)
    except jsonstat.JsonStatError as exc:
        raise ImportRefused(f"JSON-stat-filen kunne ikke leses: {exc}") from exc
    rows = jsonstat_rows(dataset, indicator_code=indicator_code)
    return indicator_values_import(
        rows=rows, line_word="celle", strict=strict, dry_run=dry_run, progress=progress
    )


# --- stored analytics --------------------------------------------------------------------

_RESULT_TABLE = IndicatorResult._meta.db_table
_RESULT_COLUMNS = [
    "indicator_id",
    "area_code",
    "county_code",
    "n_values",
    "latest_year",
    "latest_period",
    "latest_value",
    "baseline_year",
    "baseline_value",
    "change",
    "change_pct",
    "slope",
    "mk_s",
    "mk_p",
    "trend",
    "rank",
    "rank_total",
    "county_value",
    "peer_value",
    "country_value",
]


def _read_frame(sql: str, params: list[Any], schema: dict[str, Any]) -> pl.DataFrame:
    """Run a read query into a polars frame.

    PostgreSQL: the server joins the rows into one CSV text (string_agg), which polars parses
    at once — a million rows through psycopg's COPY or fetchall cost seconds of Python per
    row.
    """
    if connection.vendor == "postgresql":
        columns = ", ".join(f"coalesce(q.{name}::text, '')" for name in schema)
        wrapped = f"SELECT string_agg(concat_ws(',', {columns}), E'\\n') FROM ({sql}) q"  # noqa: S608 - constants
        with connection.cursor() as cursor:
            cursor.execute(wrapped, params)
            text = cursor.fetchone()[0]
        if not text:
            return pl.DataFrame(schema=schema)
        # Bytes, not io.StringIO: polars re-reads a text stream in Python (2.1 s vs 0.4 s for
        # 1.5 M rows, measured).
        return pl.read_csv(text.encode(), has_header=False, new_columns=list(schema), schema=schema)
    # SQLite: the same idea, joined by group_concat (floats printed so they read back exactly,
    # NULL as an empty field); twice as fast as fetchall plus building the frame from tuples.
    fields = ", ".join(
        f"iif(q.{name} IS NULL, '', printf('%!.17g', q.{name}))"
        if kind == pl.Float64
        else f"coalesce(q.{name}, '')"
        for name, kind in schema.items()
    )
    pattern = ",".join(["%s"] * len(schema))
    inner = sql.replace("%s", "?")
    wrapped = f"SELECT group_concat(printf('{pattern}', {fields}), char(10)) FROM ({inner}) q"  # noqa: S608 - constants
    connection.ensure_connection()
    text = connection.connection.execute(wrapped, params).fetchone()[0]
    if not text:
        return pl.DataFrame(schema=schema)
    return pl.read_csv(text.encode(), has_header=False, new_columns=list(schema), schema=schema)


_SEND = {
    pl.Int64: ("int8send", ">i8"),
    pl.Int32: ("int4send", ">i4"),
    pl.Float64: ("float8send", ">f8"),
}


def _read_numbers(sql: str, params: list[Any], schema: dict[str, Any]) -> pl.DataFrame:
    """Like _read_frame for a query of numbers only, none of them NULL. PostgreSQL: the
    server packs every row into fixed-width big-endian binary (int8send, int4send,
    float8send) joined into one bytea, which numpy reads in place — faster than formatting
    and parsing text. SQLite: _read_frame."""
    if connection.vendor != "postgresql":
        return _read_frame(sql, params, schema)
    packed = " || ".join(f"{_SEND[kind][0]}(q.{name})" for name, kind in schema.items())
    wrapped = f"SELECT string_agg({packed}, ''::bytea) FROM ({sql}) q"  # noqa: S608 - constants
    import psycopg  # PostgreSQL only

    connection.ensure_connection()
    # Django's cursors bind on the client, which cannot ask for a binary result.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(wrapped, params, binary=True)
        row = cursor.fetchone()
    data = row[0] if row else None
    if not data:
        return pl.DataFrame(schema=schema)
    records = np.frombuffer(data, dtype=[(n, _SEND[k][1]) for n, k in schema.items()])
    return pl.DataFrame(
        {name: records[name].astype(_SEND[kind][1][1:]) for name, kind in schema.items()},
        schema=schema,
    )


def _municipal_values(indicator_ids: list[int] | None) -> pl.DataFrame:
    """Every municipal value (not a status symbol) of the indicators, with the municipality
    number as an integer (area_number): the refresh indexes municipalities by number."""
    where = "area_kind = 'K' AND value IS NOT NULL"
    params: list[Any] = []
    if indicator_ids is not None:
        where += f" AND indicator_id IN ({', '.join(['%s'] * len(indicator_ids))})"
        params = list(indicator_ids)
    frame = _read_numbers(
        "SELECT indicator_id, CAST(area_code AS integer) AS area_number, "  # noqa: S608 - table names are model constants, values are parameters
        f"CAST(year_from AS integer) AS year_from, CAST(year AS integer) AS year, value "
        f"FROM {_TABLE} WHERE {where}",
        params,
        {
            "indicator_id": pl.Int64,
            "area_number": pl.Int32,
            "year_from": pl.Int32,
            "year": pl.Int32,
            "value": pl.Float64,
        },
    )
    if (frame.get_column("year_from") != frame.get_column("year")).any():
        # One value per year: a single-year value wins over a multi-year period ending then.
        frame = frame.sort("year_from").unique(["indicator_id", "area_number", "year"], keep="last")
    return frame


def _official_values(indicator_ids: list[int] | None) -> pl.DataFrame:
    where = "area_kind IN ('F', 'L') AND value IS NOT NULL"
    params: list[Any] = []
    if indicator_ids is not None:
        where += f" AND indicator_id IN ({', '.join(['%s'] * len(indicator_ids))})"
        params = list(indicator_ids)
    return _read_frame(
        f"SELECT indicator_id, area_kind, area_code, year, value FROM {_TABLE} WHERE {where}",  # noqa: S608 - table names are model constants, values are parameters
        params,
        {
            "indicator_id": pl.Int64,
            "area_kind": pl.String,
            "area_code": pl.String,
            "year": pl.Int32,
            "value": pl.Float64,
        },
    ).unique(["indicator_id", "area_kind", "area_code", "year"], keep="last")


def _group_aggregates(
    cube: npt.NDArray[np.float64],
    groups: npt.NDArray[np.int64],
    n_groups: int,
    weights: npt.NDArray[np.float64],
    how: npt.NDArray[np.str_],
) -> npt.NDArray[np.float64]:
    """Aggregate an indicator × municipality × year cube to indicator × group × year: the sum
    when every member of the group has a value that year (a partial sum would look like a
    fall), the mean weighted by `weights` (today's population; the registry has no population
    series) over members with a value and a weight, NaN for indicators that cannot be
    aggregated (`how` per indicator: "sum", "weighted_mean" or "none"). Municipalities with
    group −1 belong to no group."""
    inside = groups >= 0
    member = np.zeros((cube.shape[1], n_groups))
    member[np.flatnonzero(inside), groups[inside]] = 1.0
    known = ~np.isnan(cube)
    values = np.where(known, cube, 0.0)
    totals = np.einsum("imy,mg->igy", values, member)
    counts = np.einsum("imy,mg->igy", known.astype(np.float64), member)
    usable = known & ~np.isnan(weights)[None, :, None]
    w = np.where(np.isnan(weights), 0.0, weights)
    weighted = np.einsum("imy,mg->igy", np.where(usable, cube, 0.0) * w[None, :, None], member)
    weight_sums = np.einsum("imy,mg->igy", usable * w[None, :, None], member)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(weight_sums > 0, weighted / weight_sums, np.nan)
    complete = np.where(counts == member.sum(axis=0)[None, :, None], totals, np.nan)
    kind = how[:, None, None]
    return np.where(kind == "sum", complete, np.where(kind == "weighted_mean", mean, np.nan))


@transaction.atomic
def indicator_results_refresh(
    *,
    indicator_ids: list[int] | None = None,
    baseline_year: int | None = None,
    peer_groups: dict[str, str] | None = None,
) -> int:
    """Recompute and store the analytics of every municipality for the given indicators (all
    when None): latest value and change since `baseline_year` (first value when None),
    Theil–Sen slope, Mann–Kendall trend class, rank in the latest national year, and the
    county's, the peer group's and the country's values for the same year.

    `peer_groups` maps municipality number → group key (e.g. a KOSTRA group); without it the
    county is the peer group, and municipalities it leaves out get no peer value. County and
    country values come from imported values where there are any, otherwise from the
    municipalities by the indicator's aggregation.

    Vectorised: the values become one dense indicator × municipality × year cube (numpy
    integer indexing, no joins on the 1.5 M rows); series are the cube's non-empty rows, and
    group aggregates are matrix products with a membership matrix. Returns the rows written.
    """
    transaction.on_commit(public_pages_changed)  # public pages show this (core/cache.py)
    indicators = Indicator.objects.all()
    if indicator_ids is not None:
        indicators = indicators.filter(pk__in=indicator_ids)
    meta = pl.DataFrame(
        list(indicators.order_by("id").values_list("id", "better", "aggregation")),
        schema={"indicator_id": pl.Int64, "better": pl.String, "aggregation": pl.String},
        orient="row",
    )
    ids = meta.get_column("indicator_id").to_list()
    IndicatorResult.objects.filter(indicator_id__in=ids).delete()
    values = _municipal_values(ids)
    if values.height == 0 or not ids:
        return 0
    municipalities = pl.DataFrame(
        list(
            Municipality.objects.current()
            .order_by("number")
            .values_list("number", "county__number", "population")
        ),
        schema={"area_code": pl.String, "county_code": pl.String, "population": pl.Float64},
        orient="row",
    )
    codes = municipalities.get_column("area_code").to_numpy().astype(np.str_)
    counties = municipalities.get_column("county_code").to_numpy().astype(np.str_)
    population = municipalities.get_column("population").fill_null(np.nan).to_numpy()
    peers = peer_groups or dict(zip(codes.tolist(), counties.tolist(), strict=True))
    peer_keys = sorted({peers[c] for c in codes.tolist() if c in peers})
    peer_group = np.array([peer_keys.index(peers[c]) if c in peers else -1 for c in codes])
    county_keys, county_group = np.unique(counties, return_inverse=True)

    # The cube: indicator × municipality (current, by number) × year (those with values).
    ind_ids = np.asarray(ids, dtype=np.int64)
    area_lookup = np.full(10_000, -1, dtype=np.int64)
    area_lookup[codes.astype(np.int64)] = np.arange(codes.size)
    area_numbers = values.get_column("area_number").to_numpy()
    area = np.where(
        (area_numbers >= 0) & (area_numbers < 10_000),
        area_lookup[np.clip(area_numbers, 0, 9_999)],
        -1,
    )
    ind = np.searchsorted(ind_ids, values.get_column("indicator_id").to_numpy())
    keep = area >= 0  # values of municipalities that no longer exist are left out
    year_of_value = values.get_column("year").to_numpy()[keep]
    years = np.unique(year_of_value)
    col = np.searchsorted(years, year_of_value)
    ind, area = ind[keep], area[keep]
    cube = np.full((ind_ids.size, codes.size, years.size), np.nan)
    cube[ind, area, col] = values.get_column("value").to_numpy()[keep]
    from_cube = np.zeros(cube.shape, dtype=np.int64)
    from_cube[ind, area, col] = values.get_column("year_from").to_numpy()[keep]
    flat = cube.reshape(-1, years.size)
    series_index = np.flatnonzero(~np.isnan(flat).all(axis=1))
    if series_index.size == 0:
        return 0
    matrix = flat[series_index]
    s_ind, s_area = np.divmod(series_index, codes.size)
    year_axis = years.astype(np.float64)

    known = ~np.isnan(matrix)
    n = known.sum(axis=1)
    last = matrix.shape[1] - 1 - np.argmax(known[:, ::-1], axis=1)
    rows = np.arange(matrix.shape[0])
    latest_value = matrix[rows, last]
    latest_year = years[last].astype(np.int64)
    latest_from = from_cube.reshape(-1, years.size)[series_index, last]
    base_ok = known & (year_axis >= (baseline_year or -1))[None, :]
    first = np.argmax(base_ok, axis=1)
    has_base = base_ok.any(axis=1) & (first < last)
    baseline_value = np.where(has_base, matrix[rows, first], np.nan)
    change = latest_value - baseline_value
    with np.errstate(invalid="ignore", divide="ignore"):
        change_pct = np.where(
            has_base & (baseline_value != 0), 100.0 * change / np.abs(baseline_value), np.nan
        )
    slope = stats.theil_sen_batch(matrix, year_axis)
    mk_n, mk_s, _var, _z, mk_p = stats.mann_kendall_batch(matrix)
    better = meta.get_column("better").to_numpy().astype(np.str_)
    trend = stats.classify_trend_batch(mk_n, mk_s, mk_p, better[s_ind])

    # Comparisons in each series' latest year, computed for every year at once.
    how = meta.get_column("aggregation").to_numpy().astype(np.str_)
    county_calc = _group_aggregates(cube, county_group, county_keys.size, population, how)
    peer_calc = _group_aggregates(cube, peer_group, len(peer_keys), population, how)
    country_calc = _group_aggregates(cube, np.zeros(codes.size, np.int64), 1, population, how)
    county_value = county_calc[s_ind, county_group[s_area], last]
    s_peer = peer_group[s_area]
    peer_value = np.where(
        s_peer >= 0, peer_calc[s_ind, np.maximum(s_peer, 0), last] if peer_keys else np.nan, np.nan
    )
    country_value = country_calc[s_ind, 0, last]

    result = pl.DataFrame(
        {
            "indicator_id": ind_ids[s_ind],
            "area_code": codes[s_area],
            "county_code": counties[s_area],
            "better": better[s_ind],
            "n_values": n.astype(np.int64),
            "latest_year": latest_year,
            "latest_from": latest_from,
            "latest_value": latest_value,
            "baseline_year": np.where(has_base, year_axis[first], np.nan),
            "baseline_value": baseline_value,
            "change": change,
            "change_pct": change_pct,
            "slope": slope,
            "mk_s": mk_s.astype(np.int64),
            "mk_p": mk_p,
            "trend": trend.astype(np.str_),
            "county_calc": county_value,
            "peer_value": peer_value,
            "country_calc": country_value,
        }
    )
    result = result.with_columns(
        pl.when(pl.col("latest_from") == pl.col("latest_year"))
        .then(pl.col("latest_year").cast(pl.String))
        .otherwise(pl.format("{}-{}", pl.col("latest_from"), pl.col("latest_year")))
        .alias("latest_period"),
        pl.col("latest_year").max().over("indicator_id").alias("national_year"),
    )
    # Rank among the municipalities with a value in the indicator's latest national year.
    rankable = pl.col("latest_year") == pl.col("national_year")
    key = (
        pl.when(pl.col("better") == "lower")
        .then(pl.col("latest_value"))
        .otherwise(-pl.col("latest_value"))
    )
    result = result.with_columns(
        pl.when(rankable).then(key.rank("min").over(["indicator_id", rankable])).alias("rank"),
        pl.when(rankable).then(pl.len().over(["indicator_id", rankable])).alias("rank_total"),
    )
    official = _official_values(ids)
    county_official = official.filter(pl.col("area_kind") == "F").select(
        "indicator_id",
        pl.col("area_code").alias("county_code"),
        pl.col("year").cast(pl.Int64).alias("latest_year"),
        pl.col("value").alias("county_official"),
    )
    country_official = official.filter(pl.col("area_kind") == "L").select(
        "indicator_id",
        pl.col("year").cast(pl.Int64).alias("latest_year"),
        pl.col("value").alias("country_official"),
    )
    result = (
        result.join(county_official, on=["indicator_id", "county_code", "latest_year"], how="left")
        .join(country_official, on=["indicator_id", "latest_year"], how="left")
        .with_columns(
            pl.coalesce("county_official", pl.col("county_calc").fill_nan(None)).alias(
                "county_value"
            ),
            pl.coalesce("country_official", pl.col("country_calc").fill_nan(None)).alias(
                "country_value"
            ),
        )
    )
    out = (
        result.select(_RESULT_COLUMNS)
        .with_columns(
            pl.col(c).fill_nan(None)
            for c in (
                "latest_value",
                "baseline_value",
                "baseline_year",
                "change",
                "change_pct",
                "slope",
                "mk_p",
                "county_value",
                "peer_value",
                "country_value",
            )
        )
        .with_columns(
            pl.col("baseline_year").cast(pl.Int64),
            pl.col("rank").cast(pl.Int64),
            pl.col("rank_total").cast(pl.Int64),
        )
    )
    _bulk_insert(_RESULT_TABLE, _RESULT_COLUMNS, out)
    return out.height


def _bulk_insert(table: str, columns: list[str], frame: pl.DataFrame) -> None:
    """COPY (PostgreSQL) or executemany (SQLite) a frame whose columns are `columns`."""
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.BytesIO()
            frame.write_csv(buffer, include_header=False, null_value="", quote_style="non_numeric")
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(buffer.getvalue())
        else:
            marks = ", ".join(["?"] * len(columns))
            connection.connection.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 - table names are model constants
                frame.iter_rows(),
            )


# --- SSB PxWebApi v2 -----------------------------------------------------------------------

_ssb_limiter = ssb.RateLimiter()


def ssb_fetch(*, table: str, selection: dict[str, list[str]]) -> bytes:
    """Fetch a JSON-stat 2.0 dataset from SSB PxWebApi v2 (GET, or POST for large
    selections), keeping to SSB's 30 requests per minute across calls in this process."""
    request = ssb.build_request(settings.SSB_PXWEBAPI_URL, table, selection)
    headers = {"Accept": "application/json", "User-Agent": "Kommunenettverk"}
    if request.body is not None:
        headers["Content-Type"] = "application/json"
    http_request = urllib.request.Request(  # noqa: S310 - the URL is our setting
        request.url, data=request.body, method=request.method, headers=headers
    )
    _ssb_limiter.wait()
    try:
        with urllib.request.urlopen(http_request, timeout=60) as response:  # noqa: S310
            body: bytes = response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:300].decode("utf-8", "replace")
        raise ImportRefused(
            f"SSB svarte {exc.code} for tabell {table}: {detail}. Ingenting er lagret."
        ) from exc
    except OSError as exc:
        raise ImportRefused(f"Fikk ikke kontakt med SSB ({request.url}): {exc}") from exc
    return body


# --- web upload: a background import job ---------------------------------------------------


@transaction.atomic
def import_job_create(
    *, user: Any, filename: str, data: bytes, options: dict[str, Any], start: bool = True
) -> ImportJob:
    """Queue an uploaded file for import; a worker thread starts after the commit.

    The job row carries the file, the column mapping and, as the import runs, its progress
    and report, so any web worker can show the page. See docs/architecture.md (Indicators).
    """
    job = ImportJob(created_by=user, filename=filename[:200], data=data, options=options)
    job.full_clean(exclude=["data"])
    job.save()
    if start:
        transaction.on_commit(lambda: import_job_start_thread(job.pk))
    return job


def import_job_start_thread(job_id: int) -> threading.Thread:
    thread = threading.Thread(target=_import_job_thread, args=(job_id,), daemon=True)
    thread.start()
    return thread


def _import_job_thread(job_id: int) -> None:
    try:
        import_job_run(job_id=job_id)
    finally:
        connection.close()  # the thread's own connection


def _job_update(job_id: int, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job_id).update(**fields)


def import_job_run(*, job_id: int) -> ImportJob:
    """Run a queued import job: read the file with its mapping, import it, store the report.

    Progress is written to the job row while the import validates; during the write (one
    transaction) the row cannot be updated from inside it and shows "Skriver verdiene".
    """
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING, progress=1, message="Leser filen …"
    )
    job = ImportJob.objects.get(pk=job_id)
    if not claimed:
        return job

    def progress(fraction: float, message: str) -> None:
        if not connection.in_atomic_block:
            _job_update(job_id, progress=round(fraction * 100), message=message[:300])

    options = job.options
    try:
        data = bytes(job.data)
        if job.filename.lower().endswith(".json"):
            report = indicator_values_import_jsonstat(
                raw=data,
                indicator_code=options.get("indicator_code", ""),
                strict=bool(options.get("strict")),
                progress=progress,
            )
        else:
            mapping = ColumnMapping(
                area=options["area"],
                period=options["period"],
                value=options["value"],
                status=options.get("status", ""),
                indicator=options.get("indicator", ""),
                indicator_code=options.get("indicator_code", ""),
            )
            reader = read_xlsx if job.filename.lower().endswith(".xlsx") else read_csv
            report = indicator_values_import(
                rows=reader(data, mapping),
                strict=bool(options.get("strict")),
                progress=progress,
            )
    except (ImportRefused, TabularError) as exc:
        report_dict = exc.report.as_dict() if isinstance(exc, ImportRefused) and exc.report else {}
        _job_update(
            job_id,
            state=ImportJob.State.FAILED,
            progress=100,
            message=str(exc)[:300],
            report=report_dict,
        )
    except Exception as exc:  # a worker must always leave the job in a final state
        _job_update(
            job_id, state=ImportJob.State.FAILED, progress=100, message=f"Uventet feil: {exc}"[:300]
        )
        raise
    else:
        _job_update(
            job_id,
            state=ImportJob.State.DONE,
            progress=100,
            message=report.summary()[:300],
            report=report.as_dict(),
        )
    job.refresh_from_db()
    return job


# --- goals' indicators, baselines and targets ------------------------------------------------


@transaction.atomic
def goal_indicator_save(
    *,
    goal: Goal,
    indicator: Indicator,
    baseline_year: int,
    baseline_value: float | None,
    target_year: int,
    target_value: float,
    goal_indicator: GoalIndicator | None = None,
) -> GoalIndicator:
    """Link an indicator to a goal with a baseline and a target (or change the link).

    Without `baseline_value` the municipality's own value in the baseline year is used;
    raises ValidationError when there is none, when the target year is not after the
    baseline year, when a value is not a finite number, or when the goal already has this
    indicator.
    """
    if baseline_value is None:
        baseline_value = municipality_value_in_year(
            indicator, goal.municipality.number, baseline_year
        )
        if baseline_value is None:
            raise ValidationError(
                {
                    "baseline_value": _(
                        "Kommunen har ingen verdi for indikatoren i %(year)s. Fyll inn verdien "
                        "i basisåret selv, eller velg et annet basisår."
                    )
                    % {"year": baseline_year}
                }
            )
    row = goal_indicator or GoalIndicator(goal=goal)
    row.indicator = indicator
    row.baseline_year = baseline_year
    row.baseline_value = baseline_value
    row.target_year = target_year
    row.target_value = target_value
    row.full_clean()
    row.save()
    transaction.on_commit(public_pages_changed)
    return row


@transaction.atomic
def goal_indicator_delete(*, goal_indicator: GoalIndicator) -> None:
    """Remove an indicator (with its baseline and target) from a goal."""
    goal_indicator.delete()
    transaction.on_commit(public_pages_changed)
