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

from collections.abc import Iterable
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

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
