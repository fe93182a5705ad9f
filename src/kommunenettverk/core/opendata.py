"""Open data: every public table as CSV and as a JSON-stat 2.0 dataset, with licence and
attribution in the file itself.

A view describes its table once as an `OpenTable` (columns, rows, source, licence) and calls
`open_table_response(request, table)` before rendering: when the request asks for a download
(`?last_ned=<table slug>&format=csv|json-stat`) it gets the file, otherwise None and the page
is rendered as usual, with `open_table_links(request, table)` giving the "Last ned" links.

CSV: semicolon separated, UTF-8 with BOM and decimal comma (as the site's other downloads, so
spreadsheet programs in Norway read it as is), with `#` comment lines first that carry the
title, source, licence and attribution (read with e.g. `pandas.read_csv(..., comment="#")`).
Text cells that a spreadsheet would read as a formula get a leading apostrophe
(`core.spreadsheets.neutralise`); numbers stay numbers.

JSON-stat 2.0: the key columns are the dataset's dimensions (with `role` geo/time where
given), the value columns are the categories of a metric dimension `statistikkvariabel`;
cells are sparse (only the rows that exist). A status column gives SSB's symbols
(`.`, `..`, `:`) in `status`, and those cells have the value null, never zero. Licence and
source go in `extension.licence`, `extension.attribution`, `note` and `source`.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from kommunenettverk.core.spreadsheets import neutralise

NLOD = "Norsk lisens for offentlige data (NLOD) 2.0"
NLOD_URL = "https://data.norge.no/nlod/no/2.0"
CC_BY = "Creative Commons Navngivelse 4.0 (CC BY 4.0)"
CC_BY_URL = "https://creativecommons.org/licenses/by/4.0/deed.no"
PUBLISHER = "Kommunenettverk"
METRIC = "statistikkvariabel"
FORMATS = ("csv", "json-stat")


@dataclass(frozen=True)
class Column:
    """One column. `key` columns identify a row (JSON-stat dimensions); the others are values.
    `role` marks a key column as the area ("geo") or period ("time") for JSON-stat readers."""

    name: str
    label: str
    key: bool = False
    role: Literal["", "geo", "time"] = ""
    unit: str = ""
    decimals: int | None = None


@dataclass(frozen=True)
class OpenTable:
    """A public table, described once for both formats."""

    slug: str  # names the table in the download link; unique on its page
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]  # one value per column, in column order
    licence: str = NLOD
    licence_url: str = NLOD_URL
    attribution: str = PUBLISHER
    source: str = PUBLISHER
    notes: Sequence[str] = ()
    status_column: str = ""  # name of a column holding SSB status symbols for the value cells
    page_url: str = ""
    updated: datetime.datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    filename: str = ""  # without extension; the slug when empty

    @property
    def licence_note(self) -> str:
        return f"Lisens: {self.licence} ({self.licence_url}). Kreditering: {self.attribution}."


def _cell(value: Any) -> Any:
    """A CSV cell: numbers with decimal comma, lists joined, text neutralised (no formulas)
    with every line break as a line feed, so the writer quotes them and a carriage return inside a
    text can never start a row of its own."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(value).replace(".", ",")
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    if isinstance(value, str):
        return neutralise(value).replace("\r\n", "\n").replace("\r", "\n")
    return value


def table_csv(table: OpenTable) -> str:
    """The table as CSV text with its metadata in leading `#` comment lines."""
    lines: list[str] = []

    class _Buffer:
        def write(self, text: str) -> None:
            lines.append(text)

    writer = csv.writer(_Buffer(), delimiter=";", lineterminator="\n")
    comments = [
        table.title,
        f"Kilde: {table.source}",
        f"Lisens: {table.licence} ({table.licence_url})",
        f"Kreditering: {table.attribution}",
        f"Utgiver: {PUBLISHER}",
        f"Hentet: {(table.updated or timezone.now()).isoformat(timespec='seconds')}",
        *table.notes,
    ]
    if table.page_url:
        comments.append(f"Side: {table.page_url}")
    if table.status_column:
        comments.append("Statuskoder (SSB): . kan ikke forekomme, .. tall mangler, : vises ikke")
    for comment in comments:
        lines.append("# " + comment.replace("\n", " ") + "\n")
    writer.writerow([neutralise(c.label) for c in table.columns])
    for row in table.rows:
        writer.writerow([_cell(v) for v in row])
    return "".join(lines)


def table_jsonstat(table: OpenTable) -> dict[str, Any]:
    """The table as a JSON-stat 2.0 dataset (a dict, ready for json.dumps)."""
    columns = list(table.columns)
    keys = [i for i, c in enumerate(columns) if c.key]
    status_at = next((i for i, c in enumerate(columns) if c.name == table.status_column), None)
    measures = [i for i, c in enumerate(columns) if not c.key and i != status_at]
    if not keys:
        raise ValueError(f"The open table «{table.slug}» needs at least one key column.")
    categories: list[dict[str, int]] = [{} for _ in keys]
    cells: list[tuple[tuple[int, ...], Sequence[Any]]] = []
    for row in table.rows:
        position: list[int] = []
        for d, i in enumerate(keys):
            code = "" if row[i] is None else str(row[i])
            position.append(categories[d].setdefault(code, len(categories[d])))
        cells.append((tuple(position), row))
    sizes = [len(c) for c in categories] + [len(measures)]
    values: dict[str, Any] = {}
    statuses: dict[str, str] = {}
    for cell_position, row in cells:
        flat = 0
        for d, p in enumerate(cell_position):
            flat = flat * sizes[d] + p
        for m, i in enumerate(measures):
            cell = str(flat * len(measures) + m)
            value = row[i]
            status = str(row[status_at] or "") if status_at is not None else ""
            if status:
                values[cell] = None
                statuses[cell] = status
            else:
                values[cell] = value.isoformat() if isinstance(value, datetime.date) else value
    dimension: dict[str, Any] = {}
    for d, i in enumerate(keys):
        dimension[columns[i].name] = {
            "label": columns[i].label,
            "category": {"index": list(categories[d])},
        }
    units = {
        columns[i].name: {
            "label": columns[i].unit,
            **({"decimals": columns[i].decimals} if columns[i].decimals is not None else {}),
        }
        for i in measures
        if columns[i].unit
    }
    dimension[METRIC] = {
        "label": "statistikkvariabel",
        "category": {
            "index": [columns[i].name for i in measures],
            "label": {columns[i].name: columns[i].label for i in measures},
            **({"unit": units} if units else {}),
        },
    }
    role: dict[str, list[str]] = {"metric": [METRIC]}
    for want in ("geo", "time"):
        named = [columns[i].name for i in keys if columns[i].role == want]
        if named:
            role[want] = named
    dataset: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": table.title,
        "source": table.source,
        "updated": (table.updated or timezone.now()).isoformat(timespec="seconds"),
        "id": [columns[i].name for i in keys] + [METRIC],
        "size": sizes,
        "role": role,
        "dimension": dimension,
        "value": values,
        "note": [table.licence_note, *table.notes],
        "extension": {
            "licence": {"name": table.licence, "url": table.licence_url},
            "attribution": table.attribution,
            "publisher": PUBLISHER,
            **table.extra,
        },
    }
    if statuses:
        dataset["status"] = statuses
        dataset["extension"]["status"] = {
            ".": "Kan ikke forekomme",
            "..": "Tall mangler",
            ":": "Vises ikke (personvern)",
        }
    if table.page_url:
        dataset["link"] = {"alternate": [{"type": "text/html", "href": table.page_url}]}
    return dataset


def requested_format(request: HttpRequest, table: OpenTable) -> str:
    """ "csv" or "json-stat" when the request asks to download this table, else "".
    `?csv=<slug>` (the indicator pages' first download links) still gives the CSV."""
    if request.GET.get("csv") == table.slug:
        return "csv"
    if request.GET.get("last_ned") != table.slug:
        return ""
    wanted = request.GET.get("format", "csv")
    return wanted if wanted in FORMATS else ""


def open_table_response(request: HttpRequest, table: OpenTable) -> HttpResponse | None:
    """The table as a file when the request asks for it; None otherwise."""
    wanted = requested_format(request, table)
    if not wanted:
        return None
    table = _with_page_url(request, table)
    if wanted == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{table.filename or table.slug}.csv"'
        )
        response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
        response.write(table_csv(table))
        return response
    response = HttpResponse(
        json.dumps(table_jsonstat(table), ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{table.filename or table.slug}.json"'
    return response


def _with_page_url(request: HttpRequest, table: OpenTable) -> OpenTable:
    if table.page_url:
        return table
    params = request.GET.copy()
    for name in ("last_ned", "format", "csv"):
        params.pop(name, None)
    query = params.urlencode()
    url = request.build_absolute_uri(request.path + (f"?{query}" if query else ""))
    return dataclasses.replace(table, page_url=url)


@dataclass(frozen=True)
class OpenTableLinks:
    title: str
    csv: str
    jsonstat: str
    licence: str
    licence_url: str


def open_table_links(request: HttpRequest, table: OpenTable) -> OpenTableLinks:
    """Links to the table's downloads with the page's own filters kept."""
    params = [
        (k, v)
        for k, v in request.GET.items()
        if k not in ("last_ned", "format", "csv", "side", "page")
    ]

    def href(fmt: str) -> str:
        return "?" + urlencode([*params, ("last_ned", table.slug), ("format", fmt)])

    return OpenTableLinks(
        title=table.title,
        csv=href("csv"),
        jsonstat=href("json-stat"),
        licence=table.licence,
        licence_url=table.licence_url,
    )
