"""Safe cells for every CSV and XLSX file the platform writes (formula injection, OWASP
"CSV injection").

A spreadsheet program reads a text cell that starts with `=`, `+`, `-` or `@` (or a tab or
carriage return before one) as a formula: a goal statement `=HYPERLINK("https://…","Klikk")`
would become a live link, `@SUM(A1)` a calculation. `neutralise` puts an apostrophe in front of
such text, so the cell is read as the text it is. Numbers, dates and Decimals are not text and
stay typed numbers and dates (a negative number is still a number).

Every CSV writer passes its cells through `neutralise` (`core.opendata.table_csv` does for all
open data); every XLSX writer appends rows with `xlsx_append`, which also stores every text
cell as a string, never as a formula.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from openpyxl.worksheet.worksheet import Worksheet

from kommunenettverk.core.errors import DomainError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """`value` with an apostrophe in front if it is text a spreadsheet would read as a
    formula; any other value (numbers, dates, None, ordinary text) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_append(sheet: Worksheet, row: Iterable[Any]) -> None:
    """Append `row` to `sheet` with every text cell neutralised and typed as a string."""
    sheet.append([neutralise(value) for value in row])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


# --- reading: bounded work per XLSX file ------------------------------------------------------


class SpreadsheetTooLarge(DomainError):
    """An XLSX file would unpack to more, or hold more rows, than one file may; the message
    says so in Norwegian and what to do."""


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
    Raises SpreadsheetTooLarge with a Norwegian message; a file that is not a zip archive
    passes here and is refused by the reader."""
    limits = limits or XlsxLimits.from_settings()
    stream = io.BytesIO(upload) if isinstance(upload, bytes) else upload
    position = stream.tell()
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > limits.max_unpacked_bytes:
                raise SpreadsheetTooLarge(
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
                        raise SpreadsheetTooLarge(
                            f"Et ark i XLSX-filen har flere enn {most} rader, som er grensen "
                            "for XLSX. Lagre dataene som CSV, eller del filen i flere."
                        )
    except SpreadsheetTooLarge:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        pass  # not a zip archive: the reader says it cannot be read
    finally:
        stream.seek(position)
