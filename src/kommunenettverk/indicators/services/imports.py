"""Imports of indicator values: one service for a file of any kind (`indicator_file_import`,
with one table from file kind to reader), the long-rows import every reader feeds
(`indicator_values_import`), values other apps count themselves, and the SSB PxWebApi
fetch.

Every kind becomes the same long polars frame (tabular.LONG_SCHEMA), validated vectorised
(services/validation.py) and written in bulk (services/bulk.py), never with the ORM row by
row, in one transaction with the touched indicators' stored analytics: the report lists every
rejected row with its reason. The public page cache is cleared once per import, on commit.
"""

from __future__ import annotations

import hashlib
import io
import logging
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

import polars as pl
from django.conf import settings
from django.db import transaction

from kommunenettverk.core.cache import public_pages_changed
from kommunenettverk.core.errors import DomainError
from kommunenettverk.indicators import jsonstat, ssb
from kommunenettverk.indicators.models import AreaKind, Indicator
from kommunenettverk.indicators.services import bulk, validation
from kommunenettverk.indicators.services.analytics import indicator_results_replace
from kommunenettverk.indicators.tabular import (
    ColumnMapping,
    Layout,
    TabularError,
    read_csv,
    read_xlsx,
)
from kommunenettverk.registry.models import County, Municipality

Progress = Callable[[float, str], object]
MAX_REJECTED_IN_REPORT = 10_000
SAMPLE_ROWS = 12


def _no_progress(_fraction: float, _message: str) -> None:
    return None


logger = logging.getLogger(__name__)


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
    """What an import did, or a preview (`dry_run`) says it would do: rows read, values to be
    written (new + replaced; unchanged values are not rewritten), replaced, unchanged, every
    rejected row with its reason, the names that did not resolve, a sample of the result and
    the fingerprint (`digest`) of exactly the rows to write. After a write, `previous` holds
    what the import replaced or added (Parquet), for undoing it."""

    rows_read: int = 0
    written: int = 0
    replaced: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    rejected_count: int = 0
    dry_run: bool = False
    indicators: list[str] = field(default_factory=list)
    unresolved: list[dict[str, Any]] = field(default_factory=list)
    sample: list[dict[str, Any]] = field(default_factory=list)
    digest: str = ""
    previous: bytes | None = None

    def summary(self) -> str:
        if self.dry_run:
            return (
                f"Forhåndsvisning: {self.rows_read} rader lest, {self.written} verdier blir "
                f"skrevet ({self.replaced} erstattet), {self.rejected_count} avvist. "
                "Ingenting er lagret ennå."
            )
        return (
            f"{self.rows_read} rader lest, {self.written} skrevet ({self.replaced} erstattet), "
            f"{self.rejected_count} avvist."
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows_read": self.rows_read,
            "written": self.written,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "rejected_count": self.rejected_count,
            "rejected": [{"line": r.line, "reason": r.reason} for r in self.rejected],
            "dry_run": self.dry_run,
            "indicators": self.indicators,
            "unresolved": self.unresolved,
            "sample": self.sample,
            "summary": self.summary(),
        }


# --- long rows -----------------------------------------------------------------------------


def _digest(rows: pl.DataFrame) -> str:
    """A fingerprint of the rows to write (value_rows, in key order)."""
    buffer = io.BytesIO()
    rows.write_csv(buffer, float_precision=None)
    return hashlib.sha256(buffer.getvalue()).hexdigest()


def _sample(frame: pl.DataFrame, codes: dict[int, str]) -> list[dict[str, Any]]:
    """The first rows of the result as the importer will write them, with the area's name
    beside what the file said, so a name resolved to the wrong place shows."""
    head = frame.sort("line").head(SAMPLE_ROWS)
    names = dict(
        Municipality.objects.filter(
            number__in=head.filter(pl.col("area_kind") == AreaKind.MUNICIPALITY)
            .get_column("area_code")
            .to_list()
        ).values_list("number", "name")
    )
    names.update({f"F{n}": name for n, name in County.objects.values_list("number", "name")})
    sample = []
    for row in head.iter_rows(named=True):
        kind, code = row["area_kind"], row["area_code"]
        name = (
            str(AreaKind.COUNTRY.label)
            if kind == AreaKind.COUNTRY
            else names.get(code if kind == AreaKind.MUNICIPALITY else f"F{code}", "")
        )
        sample.append(
            {
                "line": row["line"],
                "indicator": codes.get(int(row["iid"]), ""),
                "given": row.get("area") or "",
                "area": code,
                "name": name,
                "period": row["period"],
                "value": row["number"],
                "status": row["status"],
            }
        )
    return sample


def _previous(compared: pl.DataFrame) -> bytes:
    """What a write changes, for undoing it: each new or changed key with its stored year
    span, value and status before (none for a new key)."""
    changed = compared.filter(pl.col("existed").not_() | pl.col("changed"))
    buffer = io.BytesIO()
    changed.select(
        "indicator_id",
        "area_kind",
        "area_code",
        "period",
        "existed",
        "year_from_old",
        "year_old",
        "value_old",
        "status_old",
    ).write_parquet(buffer)
    return buffer.getvalue()


def indicator_values_import(
    *,
    rows: pl.DataFrame,
    line_word: str = "linje",
    strict: bool = True,
    dry_run: bool = False,
    refresh: bool = True,
    expect_digest: str = "",
    progress: Progress = _no_progress,
) -> ImportReport:
    """Validate long rows (columns of tabular.LONG_SCHEMA), then write them and refresh the
    touched indicators' stored analytics in one transaction (all or nothing).

    All or nothing by default: any rejected row refuses the whole import (`strict`). Only
    with strict=False are rejected rows listed and skipped. Existing values for the same
    (indicator, area, period) are replaced. `dry_run` is the preview: it reports what would
    be written, replaced and refused, the names that did not resolve, a sample and the
    fingerprint of the rows to write; `expect_digest` makes the write refuse rows other than
    those a preview saw. Validation only reads, so it runs before the transaction: a
    background job can report its progress until the write starts. Public pages show the
    values (core/cache.py): the page cache is cleared once, when the write commits.
    """
    report = ImportReport(rows_read=rows.height, dry_run=dry_run)
    progress(0.05, "Kontrollerer radene …")
    frame, rejected, aggregation, unresolved = validation.rows_validate(rows)
    frame, more = validation.duplicates_combine(frame, aggregation)
    rejected_frame = pl.concat([*rejected, *more], how="vertical").sort("line")
    report.rejected_count = rejected_frame.height
    report.rejected = [
        RejectedRow(line=int(line), reason=f"{line_word.capitalize()} {line}: {reason}")
        for line, reason in rejected_frame.head(MAX_REJECTED_IN_REPORT).iter_rows()
    ]
    report.unresolved = unresolved.head(MAX_REJECTED_IN_REPORT).to_dicts()
    ids = frame.get_column("iid").unique().to_list()
    codes = dict(Indicator.objects.filter(pk__in=ids).values_list("id", "code"))
    report.indicators = sorted(codes.values())
    report.sample = _sample(frame, codes)
    values = bulk.value_rows(frame)
    report.digest = _digest(values)
    if strict and report.rejected_count:
        raise ImportRefused(
            f"{report.rejected_count} rader ble avvist; ingenting er lagret. "
            f"Første: {report.rejected[0].reason}",
            report,
        )
    if expect_digest and expect_digest != report.digest:
        raise ImportRefused(
            "Filen gir ikke lenger de samme verdiene som i forhåndsvisningen (katalogen eller "
            "registeret er endret siden). Ingenting er lagret; forhåndsvis filen på nytt.",
            report,
        )
    if frame.height == 0:
        return report
    progress(0.3, "Sammenligner med lagrede verdier …")
    compared = bulk.values_existing(values).with_columns(
        (
            pl.col("existed")
            & (
                pl.col("value").ne_missing(pl.col("value_old"))
                | pl.col("status").ne_missing(pl.col("status_old"))
                | pl.col("year_from").ne_missing(pl.col("year_from_old"))
                | pl.col("year").ne_missing(pl.col("year_old"))
            )
        ).alias("changed")
    )
    report.replaced = int(compared.get_column("changed").sum())
    report.unchanged = int((compared.get_column("existed") & ~compared.get_column("changed")).sum())
    report.written = frame.height - report.unchanged
    if dry_run:
        return report
    report.previous = _previous(compared)
    progress(0.4, "Skriver verdiene …")
    with transaction.atomic():
        transaction.on_commit(public_pages_changed)
        # Only new and changed values go to the database: a re-import that repeats earlier
        # years unchanged stages and merges just what differs (the merge's own WHERE would
        # skip the rest, after staging and looking up every row).
        write = compared.filter(pl.col("existed").not_() | pl.col("changed"))
        if write.height:
            bulk.values_upsert(
                write.select(
                    pl.col("indicator_id").alias("iid"),
                    "area_kind",
                    "area_code",
                    "period",
                    "year_from",
                    "year",
                    pl.col("value").alias("number"),
                    "status",
                ),
                progress,
            )
        if refresh:
            progress(0.9, "Oppdaterer analysene …")
            indicator_results_replace(indicator_ids=[int(i) for i in ids])
    progress(1.0, report.summary())
    return report


@transaction.atomic
def indicator_values_restore(*, previous: bytes) -> list[int]:
    """Undo a write: the values it replaced come back and the values it added go, then the
    touched indicators' analytics are refreshed; one transaction. `previous` is
    ImportReport.previous. Returns the touched indicators' ids."""
    rows = pl.read_parquet(io.BytesIO(previous))
    ids = [int(i) for i in rows.get_column("indicator_id").unique().to_list()]
    transaction.on_commit(public_pages_changed)
    bulk.values_delete(rows.filter(~pl.col("existed")))
    back = rows.filter(pl.col("existed")).select(
        pl.col("indicator_id").alias("iid"),
        "area_kind",
        "area_code",
        "period",
        pl.col("year_from_old").alias("year_from"),
        pl.col("year_old").alias("year"),
        pl.col("value_old").alias("number"),
        pl.col("status_old").alias("status"),
    )
    if back.height:
        bulk.values_upsert(back, _no_progress)
    if ids:
        indicator_results_replace(indicator_ids=ids)
    return ids


# --- files: one table from kind to reader --------------------------------------------------


class FileKind(StrEnum):
    """The kinds of file an import reads. SSB's PxWebApi v2 answers in JSON-stat 2.0."""

    CSV = "csv"
    XLSX = "xlsx"
    JSON_STAT = "json-stat"

    @classmethod
    def for_filename(cls, name: str) -> FileKind:
        """The kind a file name says: .json is JSON-stat, .xlsx is XLSX, anything else CSV."""
        lowered = name.lower()
        if lowered.endswith(".json"):
            return cls.JSON_STAT
        if lowered.endswith(".xlsx"):
            return cls.XLSX
        return cls.CSV


@dataclass(frozen=True)
class FileOptions:
    """How to read a file. CSV and XLSX: the columns of area, period and value, optionally of
    status symbols, and either a column of indicator codes (`indicator`) or one
    `indicator_code` for the whole file; `sheet` for XLSX (default: the first); the layout,
    filters, sums, flags and county column of an import recipe (tabular.ColumnMapping).
    JSON-stat: `indicator_code` for every cell (otherwise each content code is matched to the
    catalogue by SSB table and content code) and `select` fixing extra dimensions to one
    category. Stored in an import job as `as_dict()`."""

    indicator_code: str = ""
    area: str = ""
    period: str = ""
    value: str = ""
    status: str = ""
    indicator: str = ""
    sheet: str = ""
    select: dict[str, str] | None = None
    county: str = ""
    flag: str = ""
    flags: dict[str, str] = field(default_factory=dict)
    filters: dict[str, list[str]] = field(default_factory=dict)
    sums: list[str] = field(default_factory=list)
    layout: str = Layout.LONG
    value_columns: dict[str, str] = field(default_factory=dict)

    def column_mapping(self) -> ColumnMapping:
        return ColumnMapping(
            area=self.area,
            period=self.period,
            value=self.value,
            status=self.status,
            indicator=self.indicator,
            indicator_code=self.indicator_code,
            sheet=self.sheet,
            county=self.county,
            flag=self.flag,
            flags=dict(self.flags),
            filters={column: tuple(values) for column, values in self.filters.items()},
            sums=tuple(self.sums),
            layout=self.layout or Layout.LONG,
            value_columns=dict(self.value_columns),
        )

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileOptions:
        names = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in names})


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


def _read_jsonstat(data: bytes, options: FileOptions) -> pl.DataFrame:
    try:
        dataset = jsonstat.parse(data, select=options.select)
    except jsonstat.JsonStatError as exc:
        raise ImportRefused(f"JSON-stat-filen kunne ikke leses: {exc}") from exc
    return jsonstat_rows(dataset, indicator_code=options.indicator_code)


@dataclass(frozen=True)
class _Reader:
    read: Callable[[bytes, FileOptions], pl.DataFrame]
    line_word: str  # what the report calls a row: "Linje 3: …", "Celle 12: …"


READERS: dict[FileKind, _Reader] = {
    FileKind.CSV: _Reader(lambda data, o: read_csv(data, o.column_mapping()), "linje"),
    FileKind.XLSX: _Reader(lambda data, o: read_xlsx(data, o.column_mapping()), "linje"),
    FileKind.JSON_STAT: _Reader(_read_jsonstat, "celle"),
}


# What a user is told when a file cannot be read for a reason the reader does not name itself.
UNREADABLE_ENCODING = (
    "Filen inneholder tegn som ikke kan leses: den er verken UTF-8 eller Windows-1252. Lagre "
    "den som «CSV UTF-8» (i Excel: Lagre som → CSV UTF-8 (kommadelt)) og last den opp på nytt."
)
UNREADABLE_NESTING = (
    "Filen har lister eller objekter nestet så dypt inni hverandre at den ikke kan være et "
    "JSON-stat-datasett. Last ned datasettet på nytt fra kilden som JSON-stat 2.0."
)
UNREADABLE_EMPTY = (
    "Filen er tom. Kontroller at du valgte riktig fil, og at den er lagret med innhold."
)
UNREADABLE = (
    "Filen kunne ikke leses. Kontroller at den er en CSV-fil med overskriftsrad, en "
    "Excel-arbeidsbok (.xlsx) eller et JSON-stat 2.0-datasett (.json), og at filendelsen "
    "stemmer med innholdet. Feilen er logget."
)


def _file_read(reader: _Reader, kind: FileKind, data: bytes, options: FileOptions) -> pl.DataFrame:
    """The reader's long rows. A file it cannot read is refused with a Norwegian message that
    says what to do; the parser's own error (Python's words) goes to the log, never to the
    user's page, job report or API answer."""
    if not data.strip():
        raise TabularError(UNREADABLE_EMPTY)
    try:
        return reader.read(data, options)
    except DomainError as exc:
        if exc.__cause__ is not None:
            logger.warning("Import of a %s file refused", kind, exc_info=exc.__cause__)
        raise
    except UnicodeDecodeError:
        logger.warning("Import of a %s file refused: unreadable characters", kind, exc_info=True)
        raise TabularError(UNREADABLE_ENCODING) from None
    except RecursionError:
        logger.warning("Import of a %s file refused: nested too deeply", kind)
        raise TabularError(UNREADABLE_NESTING) from None
    except Exception:  # any other failure of a parser on a user's file
        logger.exception("Import of a %s file failed in its reader", kind)
        raise TabularError(UNREADABLE) from None


def indicator_file_import(
    *,
    data: bytes,
    kind: FileKind,
    options: FileOptions,
    strict: bool = True,
    dry_run: bool = False,
    expect_digest: str = "",
    refresh: bool = True,
    progress: Progress = _no_progress,
) -> ImportReport:
    """Read a file of `kind` into long rows with its reader, then `indicator_values_import`
    them: all or nothing by default (any rejected row refuses the file); `dry_run` is the
    preview, `expect_digest` the confirmed import of what a preview saw; `refresh=False`
    leaves the stored analytics to the caller (the benchmark times them apart).

    The page's import jobs, the management commands and the API all import files here.
    Raises a DomainError when the file cannot be read (TabularError naming the column or
    line; ImportRefused for JSON-stat) and ImportRefused when the import is refused.
    """
    reader = READERS[kind]
    progress(0.02, "Leser filen …")
    rows = _file_read(reader, kind, data, options)
    return indicator_values_import(
        rows=rows,
        line_word=reader.line_word,
        strict=strict,
        dry_run=dry_run,
        expect_digest=expect_digest,
        refresh=refresh,
        progress=progress,
    )


def indicator_values_import_jsonstat(
    *,
    raw: bytes,
    indicator_code: str = "",
    select: dict[str, str] | None = None,
    strict: bool = True,
    dry_run: bool = False,
    progress: Progress = _no_progress,
) -> ImportReport:
    """Import a JSON-stat 2.0 dataset (SSB PxWebApi v2, FHI); lines in the report are cells.
    `indicator_file_import` with FileKind.JSON_STAT."""
    return indicator_file_import(
        data=raw,
        kind=FileKind.JSON_STAT,
        options=FileOptions(indicator_code=indicator_code, select=select),
        strict=strict,
        dry_run=dry_run,
        progress=progress,
    )


# --- values other apps count themselves ----------------------------------------------------


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
