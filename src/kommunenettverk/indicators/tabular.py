"""Pure reading of CSV and XLSX files into the importer's long rows, with a column mapping.

No database here. Every reader returns a polars frame of strings with the columns
`indicator`, `area`, `period`, `value`, `status` and `line` (the line or row number in the
file, for the report), which services.indicator_values_import validates and writes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import polars as pl

from kommunenettverk.core.errors import DomainError

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


@dataclass(frozen=True)
class ColumnMapping:
    """Which column holds what. `indicator` names a column of indicator codes; when the file
    holds one indicator only, give its code as `indicator_code` instead."""

    area: str
    period: str
    value: str
    indicator: str = ""
    indicator_code: str = ""
    status: str = ""
    sheet: str = ""

    def __post_init__(self) -> None:
        if not (self.indicator or self.indicator_code):
            raise TabularError("Oppgi kolonnen med indikatorkode eller én indikatorkode for filen.")


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


def _long(frame: pl.DataFrame, mapping: ColumnMapping, first_line: int) -> pl.DataFrame:
    wanted = [mapping.area, mapping.period, mapping.value, mapping.indicator, mapping.status]
    missing = [name for name in wanted if name and name not in frame.columns]
    if missing:
        raise TabularError(
            f"Fant ikke kolonnen «{missing[0]}» i overskriftsraden. "
            f"Kolonnene er: {', '.join(frame.columns)}."
        )
    return frame.select(
        (pl.col(mapping.indicator) if mapping.indicator else pl.lit(mapping.indicator_code))
        .cast(pl.String)
        .alias("indicator"),
        pl.col(mapping.area).cast(pl.String).alias("area"),
        pl.col(mapping.period).cast(pl.String).alias("period"),
        pl.col(mapping.value).cast(pl.String).alias("value"),
        (pl.col(mapping.status) if mapping.status else pl.lit(None))
        .cast(pl.String)
        .alias("status"),
        (pl.int_range(pl.len(), dtype=pl.Int64) + first_line).alias("line"),
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
    except pl.exceptions.PolarsError as exc:
        raise TabularError(f"CSV-filen kunne ikke leses: {exc}") from None
    return _long(frame, mapping, first_line=2)


def read_xlsx(data: bytes, mapping: ColumnMapping) -> pl.DataFrame:
    """The first sheet (or `mapping.sheet`) of an XLSX workbook; row 1 is the header."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise TabularError(f"XLSX-filen kunne ikke leses: {exc}") from None
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
        names = [
            str(h).strip() if h is not None else f"kolonne {i + 1}" for i, h in enumerate(header)
        ]
        columns: list[list[str | None]] = [[] for _ in names]
        for row in rows:
            for i in range(len(names)):
                cell = row[i] if i < len(row) else None
                columns[i].append(None if cell is None else _cell_text(cell))
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
