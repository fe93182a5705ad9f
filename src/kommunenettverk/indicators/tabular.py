"""Pure reading of CSV and XLSX files into the importer's long rows, with a column mapping.

No database here. Every reader returns a polars frame of strings with the columns
`indicator`, `area`, `period`, `value`, `status` and `line` (the line or row number in the
file, for the report), which services.indicator_values_import validates and writes.

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
from dataclasses import dataclass
from typing import IO

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
    except pl.exceptions.PolarsError as exc:  # the detail is logged by the import service
        raise TabularError(CSV_UNREADABLE) from exc
    return _long(frame, mapping, first_line=2)


@dataclass(frozen=True)
class XlsxLimits:
    """How much work one XLSX file may cause: unpacked bytes, rows (header included), columns."""

    max_unpacked_bytes: int
    max_rows: int
    max_columns: int

    @classmethod
    def from_settings(cls) -> XlsxLimits:
        from django.conf import settings

        return cls(
            max_unpacked_bytes=int(settings.XLSX_MAX_UNPACKED_MB) * 1024 * 1024,
            max_rows=int(settings.XLSX_MAX_ROWS),
            max_columns=int(settings.XLSX_MAX_COLUMNS),
        )


# A row element in a sheet's XML, with or without a namespace prefix (<row …>, <x:row …>).
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?row[\s>/]")
_TAG_ROOM = 64  # longer than any match of _ROW_TAG
_SCAN_CHUNK = 1024 * 1024


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}"


def _count_rows(archive: zipfile.ZipFile, member: str, limit: int) -> int:
    """Row elements in one sheet's XML, counted on raw bytes (no parsing); stops past `limit`."""
    count = 0
    buffer = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_SCAN_CHUNK):
            buffer += chunk
            # Tags starting before `safe` are whole; the rest is scanned again with the next chunk.
            safe = max(0, len(buffer) - _TAG_ROOM)
            count += sum(1 for m in _ROW_TAG.finditer(buffer) if m.start() < safe)
            if count > limit:
                return count
            buffer = buffer[safe:]
    return count + len(_ROW_TAG.findall(buffer))


def xlsx_check(upload: IO[bytes] | bytes, limits: XlsxLimits | None = None) -> None:
    """Refuse, in well under a second and without unpacking it, an XLSX file past the limits.

    Declared unpacked size of all members, then the rows of every sheet, counted on raw XML.
    Raises TabularError with a Norwegian message; a file that is not a zip archive passes here
    and is refused by the reader."""
    limits = limits or XlsxLimits.from_settings()
    stream = io.BytesIO(upload) if isinstance(upload, bytes) else upload
    position = stream.tell()
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > limits.max_unpacked_bytes:
                raise TabularError(
                    f"XLSX-filen blir {_mb(unpacked)} MB når den pakkes ut, og grensen er "
                    f"{_mb(limits.max_unpacked_bytes)} MB. Lagre dataene som CSV, eller del "
                    "filen i flere."
                )
            for member in members:
                if member.filename.startswith("xl/worksheets/") and member.filename.endswith(
                    ".xml"
                ):
                    rows = _count_rows(archive, member.filename, limits.max_rows)
                    if rows > limits.max_rows:
                        most = f"{limits.max_rows:,}".replace(",", " ")
                        raise TabularError(
                            f"Et ark i XLSX-filen har flere enn {most} rader, som er grensen "
                            "for XLSX. Lagre dataene som CSV, eller del filen i flere."
                        )
    except TabularError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        pass  # not a zip archive: the reader says it cannot be read
    finally:
        stream.seek(position)


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
