"""Vega-Lite specs for the reports (Altair), the same approach as indicators/charts.py: one
spec per chart, drawn by vega-embed on the page and rendered to SVG by vl-convert for the PDF.

Every chart takes long-format rows {"x": label, "group": series, "value": number}; the
report shows the same numbers in a table next to it."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from functools import cache
from typing import Any

import altair as alt

from kommunenettverk.indicators.charts import AUTOSIZE, PHONE_CONFIG

DATA = "rows"
Spec = dict[str, Any]
PRINT_WIDTH = 460  # points of an A4 page's text width, for the PDF
COUNT_AXIS = alt.Axis(format="d", tickMinStep=1)  # the reports' charts count whole things


def _finish(chart: alt.TopLevelMixin) -> Spec:
    spec: Spec = chart.to_dict(validate=False)
    spec["autosize"] = dict(AUTOSIZE)  # the container's width, redrawn when it changes
    spec["config"] = {**spec.get("config", {}), **PHONE_CONFIG}  # readable at 320 px
    spec.pop("datasets", None)
    return spec


@cache
def _line_template() -> Spec:
    chart = (
        alt.Chart(alt.NamedData(DATA))
        .mark_line(point=True)
        .encode(
            x=alt.X("x:O", title=None, sort=None),
            y=alt.Y("value:Q", title=None, axis=COUNT_AXIS),
            color=alt.Color("group:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("x:O", title="År"),
                alt.Tooltip("group:N", title="Serie"),
                alt.Tooltip("value:Q", title="Antall"),
            ],
        )
        .properties(width="container", height=220)
    )
    return _finish(chart)


@cache
def _bar_template() -> Spec:
    chart = (
        alt.Chart(alt.NamedData(DATA))
        .mark_bar()
        .encode(
            y=alt.Y("x:N", title=None, sort=None),
            x=alt.X("value:Q", title=None, stack=True, axis=COUNT_AXIS),
            color=alt.Color("group:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("x:N", title=""),
                alt.Tooltip("group:N", title="Serie"),
                alt.Tooltip("value:Q", title="Antall"),
            ],
        )
        .properties(width="container")
    )
    return _finish(chart)


def _with_rows(template: Spec, rows: Sequence[object], description: str) -> Spec:
    spec = copy.copy(template)
    spec["datasets"] = {DATA: list(rows)}
    spec["description"] = description
    return spec


def line_chart(rows: Sequence[object], description: str) -> Spec:
    """A line per group over x (years)."""
    return _with_rows(_line_template(), rows, description)


def bar_chart(rows: Sequence[dict[str, Any]], description: str) -> Spec:
    """Horizontal bars per x, stacked by group."""
    spec = _with_rows(_bar_template(), rows, description)
    spec["height"] = max(80, 22 * len({row["x"] for row in rows}))
    return spec


def to_svg(spec: Spec) -> str:
    """The chart as SVG for print: a fixed width instead of the page's container width."""
    import vl_convert  # imported here: starting its JavaScript engine costs half a second

    printable = copy.deepcopy(spec)
    printable["width"] = PRINT_WIDTH
    printable["autosize"] = {"type": "fit", "contains": "padding"}
    svg: str = vl_convert.vegalite_to_svg(printable)
    return svg
