"""Pure reading of CSV and XLSX files into the importer's long rows, with a column mapping.

No database here. Every reader returns a polars frame of strings with the columns
`indicator`, `area`, `county`, `period`, `value`, `status` and `line` (the line or row number
in the file, for the report), which services.indicator_values_import validates and writes.

Files as their publishers make them (`ColumnMapping`, saved as an import recipe): long or
wide (one column per year or per indicator), rows kept only where other dimensions hold the
wanted value ("Kjønn samlet"), values summed over a dimension (all gases), a flag column
turned into SSB's status symbols. `;`, `,` or tab; UTF-8 with or without BOM, or
Windows-1252.

XLSX work is bounded (`XlsxLimits`, from the settings XLSX_MAX_UNPACKED_MB, XLSX_MAX_ROWS and
XLSX_MAX_COLUMNS): an XLSX file is a zip archive, and a 1 MB file can unpack to gigabytes.
Before anything is parsed, `xlsx_check` adds up the sizes the archive declares for its members
(Python's zipfile never unpacks a member past its declared size, so a lying archive cannot get
round this) and counts the sheet's rows by scanning its XML as raw bytes; the workbook is then
opened read-only and streamed row by row. A file past a limit is refused with a Norwegian
message that says which limit and what to do.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO

import polars as pl

from kommunenettverk.core import spreadsheets
from kommunenettverk.core.errors import DomainError
from kommunenettverk.core.spreadsheets import XlsxLimits

# The columns every reader gives. The CSV and XLSX readers add `county` (empty unless a county
# column is mapped), which tells apart municipalities of the same name.
LONG_SCHEMA = {
    "indicator": pl.String,
    "area": pl.String,
    "period": pl.String,
    "value": pl.String,
    "status": pl.String,
    "line": pl.Int64,
}


class TabularError(DomainError, ValueError):
    """The file cannot be read with this mapping; the message names the column or line."""


# SSB's symbols for a value that is not a number; "-" is SSB's "nil". Never read as zero.
SYMBOLS = (".", "..", ":", "-")
# A column heading that is a year or a period (wide layout per year): 2024, 2019-2021, 2019_2021.
PERIOD_HEADING = r"^\s*\d{4}([-_]\d{4})?\s*$"


class Layout:
    LONG = "long"
    WIDE_YEARS = "wide_years"
    WIDE_INDICATORS = "wide_indicators"


@dataclass(frozen=True)
class ColumnMapping:
    """Which column holds what, and how the file is laid out.

    `indicator` names a column of indicator codes; when the file holds one indicator only,
    give its code as `indicator_code` instead. `county` (optional) tells apart municipalities
    of the same name. `layout`: long (one value column), `wide_years` (every column headed by
    a year or period is a value column) or `wide_indicators` (`value_columns` maps a heading
    to an indicator code). `filters` keeps only rows whose column holds one of the values;
    `sums` adds up rows that differ only in those columns (a part with a symbol makes the sum
    missing, ".."; a part "-" adds nothing). `flag` is a column whose values `flags` maps to
    status symbols (FHI: 1 → "..", 2 and 3 → ":")."""

    area: str
    period: str = ""
    value: str = ""
    indicator: str = ""
    indicator_code: str = ""
    status: str = ""
    sheet: str = ""
    county: str = ""
    flag: str = ""
    flags: Mapping[str, str] = field(default_factory=dict)
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sums: tuple[str, ...] = ()
    layout: str = Layout.LONG
    value_columns: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.layout == Layout.WIDE_INDICATORS:
            if not self.value_columns:
                raise TabularError(
                    "Oppgi verdikolonnene og indikatoren for hver av dem.", field="value_columns"
                )
        elif not (self.indicator or self.indicator_code):
            raise TabularError(
                "Oppgi kolonnen med indikatorkode eller én indikatorkode for filen.",
                field="indicator",
            )
        if self.layout not in (Layout.LONG, Layout.WIDE_YEARS, Layout.WIDE_INDICATORS):
            raise TabularError(f"Ukjent oppsett «{self.layout}».", field="layout")
        needed = {
            Layout.LONG: ("area", "period", "value"),
            Layout.WIDE_YEARS: ("area",),
            Layout.WIDE_INDICATORS: ("area", "period"),
        }[self.layout]
        for name in needed:
            if not getattr(self, name):
                raise TabularError(f"Oppgi kolonnen for {_FIELD_WORDS[name]}.", field=name)
        bad = [s for s in self.flags.values() if s not in SYMBOLS]
        if bad:
            raise TabularError(
                f"«{bad[0]}» er ikke et statussymbol (gyldige: . .. : -).", field="flags"
            )

    def columns(self) -> list[str]:
        """Every column heading the mapping names."""
        named = [self.area, self.period, self.value, self.indicator, self.status]
        named += [self.county, self.flag, *self.filters, *self.sums]
        if self.layout == Layout.WIDE_INDICATORS:
            named += list(self.value_columns)
        return [name for name in named if name]


_FIELD_WORDS = {"area": "område", "period": "år eller periode", "value": "verdi"}


# What a user is told when a file cannot be parsed; the parser's own words go to the log
# (indicators.services.imports), never to the page.
CSV_UNREADABLE = (
    "CSV-filen kunne ikke leses. Kontroller at hver rad har like mange kolonner som "
    "overskriftsraden og at alle anførselstegn er lukket, lagre filen som «CSV UTF-8» og last "
    "den opp på nytt."
)
XLSX_UNREADABLE = (
    "XLSX-filen kunne ikke leses: den er skadet eller ikke en Excel-arbeidsbok. Åpne den i "
    "Excel og lagre den på nytt som «Excel-arbeidsbok (.xlsx)», eller lagre arket som "
    "«CSV UTF-8», og last den opp igjen."
)


def _decode(data: bytes) -> bytes:
    """UTF-8 (with or without BOM) as is; SSB's older Windows-1252 CSV files re-encoded."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252").encode("utf-8")
    return data


def _separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=lambda sep: counts[sep])


def number(expr: pl.Expr) -> pl.Expr:
    """A text column as numbers: spaces (also no-break) dropped, decimal comma or point."""
    return (
        expr.str.strip_chars()
        .str.replace_all(r"[\s\u00a0\u202f]", "")
        .str.replace(",", ".", literal=True)
        .cast(pl.Float64, strict=False)
    )


def _sum(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Rows equal in `keys` added up. A part that is a symbol other than "-" or empty makes
    the sum missing (".."), never a smaller number; parts "-" (nil) add nothing, and a sum of
    nothing but "-" is "-"."""
    symbol = pl.col("status").is_in(SYMBOLS) | pl.col("value").str.strip_chars().is_in(SYMBOLS)
    nil = (pl.col("status") == "-") | (pl.col("value").str.strip_chars() == "-")
    parsed = frame.with_columns(
        pl.when(symbol).then(None).otherwise(number(pl.col("value"))).alias("_n"),
        nil.alias("_nil"),
    )
    summed = parsed.group_by(keys, maintain_order=True).agg(
        pl.col("line").min(),
        pl.col("_n").sum().alias("_sum"),
        (pl.col("_n").is_null() & ~pl.col("_nil")).any().alias("_missing"),
        pl.col("_nil").all().alias("_all_nil"),
    )
    return summed.with_columns(
        pl.when(pl.col("_missing") | pl.col("_all_nil"))
        .then(pl.lit(""))
        .otherwise(pl.col("_sum").cast(pl.String))
        .alias("value"),
        pl.when(pl.col("_missing"))
        .then(pl.lit(".."))
        .when(pl.col("_all_nil"))
        .then(pl.lit("-"))
        .otherwise(pl.lit(""))
        .alias("status"),
    )


def _long(frame: pl.DataFrame, mapping: ColumnMapping, first_line: int) -> pl.DataFrame:
    frame = frame.rename({name: name.strip() for name in frame.columns})
    missing = [name for name in mapping.columns() if name not in frame.columns]
    if missing:
        raise TabularError(
            f"Fant ikke kolonnen «{missing[0]}» i overskriftsraden. "
            f"Kolonnene er: {', '.join(frame.columns)}."
        )
    frame = frame.with_columns(
        pl.all().cast(pl.String),
        (pl.int_range(pl.len(), dtype=pl.Int64) + first_line).alias("line"),
    )
    for column, wanted in mapping.filters.items():
        frame = frame.filter(pl.col(column).str.strip_chars().is_in(list(wanted)))
    if mapping.layout == Layout.LONG:
        long = frame.with_columns(
            (pl.col(mapping.indicator) if mapping.indicator else pl.lit(mapping.indicator_code))
            .cast(pl.String)
            .alias("_indicator"),
            pl.col(mapping.period).alias("_period"),
            pl.col(mapping.value).alias("_value"),
        )
    elif mapping.layout == Layout.WIDE_YEARS:
        years = [c for c in frame.columns if re.match(PERIOD_HEADING, c)]
        if not years:
            raise TabularError(
                "Fant ingen kolonne med et år (2024) eller en periode (2019-2021) i "
                "overskriftsraden."
            )
        keep = [c for c in frame.columns if c not in years]
        long = frame.unpivot(
            on=years, index=keep, variable_name="_period", value_name="_value"
        ).with_columns(
            pl.col("_period").str.strip_chars(),
            (pl.col(mapping.indicator) if mapping.indicator else pl.lit(mapping.indicator_code))
            .cast(pl.String)
            .alias("_indicator"),
        )
    else:
        keep = [c for c in frame.columns if c not in mapping.value_columns]
        long = frame.unpivot(
            on=list(mapping.value_columns), index=keep, variable_name="_column", value_name="_value"
        ).with_columns(
            pl.col("_column")
            .replace_strict(dict(mapping.value_columns), return_dtype=pl.String)
            .alias("_indicator"),
            pl.col(mapping.period).alias("_period"),
        )
    status = pl.col(mapping.status) if mapping.status else pl.lit(None, dtype=pl.String)
    if mapping.flag:
        flag = pl.col(mapping.flag).str.strip_chars()
        status = (
            pl.when(flag.is_in(list(mapping.flags)))
            .then(flag.replace_strict(dict(mapping.flags), default=None, return_dtype=pl.String))
            .otherwise(status)
        )
    long = long.with_columns(
        pl.col("_indicator").alias("indicator"),
        pl.col(mapping.area).alias("area"),
        (pl.col(mapping.county) if mapping.county else pl.lit(None, dtype=pl.String)).alias(
            "county"
        ),
        pl.col("_period").alias("period"),
        pl.col("_value").alias("value"),
        status.cast(pl.String).fill_null("").alias("status"),
    )
    if mapping.sums:
        used = {mapping.value, mapping.status, mapping.flag, *mapping.sums, "line", "_value"}
        used |= set(mapping.value_columns) if mapping.layout == Layout.WIDE_INDICATORS else set()
        keys = [
            c
            for c in long.columns
            if c not in used and c not in ("_column", "value", "status") and c in frame.columns
        ]
        keys += ["indicator", "area", "county", "period"]
        long = _sum(long, list(dict.fromkeys(keys)))
    return long.select("indicator", "area", "county", "period", "value", "status", "line").sort(
        "line", maintain_order=True
    )


def read_csv(data: bytes, mapping: ColumnMapping) -> pl.DataFrame:
    """CSV with a header row; `;`, `,` or tab separated (guessed from the header)."""
    data = _decode(data)
    first = data.split(b"\n", 1)[0].decode("utf-8")
    if not first.strip():
        raise TabularError("Filen er tom eller mangler overskriftsrad.")
    try:
        frame = pl.read_csv(
            io.BytesIO(data),
            separator=_separator(first),
            infer_schema=False,
        )
    except pl.exceptions.PolarsError as exc:  # the detail is logged by the import service
        raise TabularError(CSV_UNREADABLE) from exc
    return _long(frame, mapping, first_line=2)


def xlsx_check(upload: IO[bytes] | bytes, limits: XlsxLimits | None = None) -> None:
    """`core.spreadsheets.xlsx_check`, refusing with a TabularError (the readers' error)."""
    try:
        spreadsheets.xlsx_check(upload, limits)
    except spreadsheets.SpreadsheetTooLarge as exc:
        raise TabularError(exc.message) from None


def read_xlsx(
    data: bytes, mapping: ColumnMapping, limits: XlsxLimits | None = None
) -> pl.DataFrame:
    """The first sheet (or `mapping.sheet`) of an XLSX workbook; row 1 is the header.

    Checked with `xlsx_check` first, then opened read-only and streamed (module docstring)."""
    from openpyxl import load_workbook

    limits = limits or XlsxLimits.from_settings()
    xlsx_check(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise TabularError(XLSX_UNREADABLE) from exc
    try:
        if mapping.sheet and mapping.sheet not in workbook.sheetnames:
            raise TabularError(
                f"Fant ikke arket «{mapping.sheet}». Arkene er: {', '.join(workbook.sheetnames)}."
            )
        sheet = workbook[mapping.sheet] if mapping.sheet else workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            raise TabularError("Arket er tomt eller mangler overskriftsrad.")
        while header and header[-1] is None:  # empty cells after the last heading
            header = header[:-1]
        if len(header) > limits.max_columns:
            raise TabularError(
                f"Arket har {len(header)} kolonner i overskriftsraden, og grensen er "
                f"{limits.max_columns}. Ta bort kolonnene importen ikke trenger."
            )
        names = [
            str(h).strip() if h is not None else f"kolonne {i + 1}" for i, h in enumerate(header)
        ]
        columns: list[list[str | None]] = [[] for _ in names]
        for row in rows:
            for i in range(len(names)):
                cell = row[i] if i < len(row) else None
                columns[i].append(None if cell is None else _cell_text(cell))
    except (zipfile.BadZipFile, SyntaxError, EOFError) as exc:
        # A member that does not unpack to its declared size ends early: its CRC fails or its
        # XML is cut short (XML parse errors are SyntaxErrors).
        raise TabularError(XLSX_UNREADABLE) from exc
    finally:
        workbook.close()
    frame = pl.DataFrame(
        dict(zip(names, columns, strict=True)),
        schema=dict.fromkeys(names, pl.String),
    )
    return _long(frame, mapping, first_line=2)


def _cell_text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def template_csv(header: list[str], rows: list[list[str]]) -> bytes:
    """A template file as the importer reads it best: `;`, UTF-8 with BOM (Excel opens it)."""
    lines = [";".join(header), *(";".join(row) for row in rows)]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def template_xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    """The same template as an XLSX workbook, one sheet, numbers kept as text."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Verdier"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
