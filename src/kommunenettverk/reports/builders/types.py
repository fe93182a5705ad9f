"""The shape of the network and national reports: a list of `Section`s, each with paragraphs,
tables and charts built from the tables' rows. One template renders them for the page and the
PDF, and the workbook has a sheet per table, so the three formats cannot disagree. A new
section is one function."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Cell = str | int | float | datetime.date | None


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[Cell]]
    numeric: frozenset[int] = frozenset()  # column indexes shown right-aligned
    sheet: str = ""  # the workbook sheet's name (the caption when empty)


@dataclass
class Chart:
    """A Vega-Lite spec drawn from `table`'s numbers; `svg` is filled in for the PDF."""

    caption: str
    spec: dict[str, Any]
    table: Table
    svg: str = ""
    key: str = ""  # unique on the page (set by SectionedReport)

    @property
    def spec_id(self) -> str:
        return f"{self.key}-spec"

    @property
    def description(self) -> str:
        return str(self.spec.get("description", self.caption))


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    # Charts are drawn above the table with their numbers; tables without a chart follow.

    def blocks(self) -> list[tuple[Chart | None, Table]]:
        charted = {id(c.table): c for c in self.charts}
        return [(charted.get(id(t)), t) for t in self.tables]


@dataclass
class SectionedReport:
    title: str
    subtitle: str
    generated_at: datetime.datetime
    sections: list[Section]

    def __post_init__(self) -> None:
        for index, chart in enumerate(self.charts, start=1):
            chart.key = f"chart-{index}"

    @property
    def charts(self) -> list[Chart]:
        return [c for s in self.sections for c in s.charts]


Progress = Callable[[float, str], object]
