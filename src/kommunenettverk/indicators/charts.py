"""Vega-Lite chart specs, built with Altair and rendered in the browser by vega-embed.

Each builder makes its spec skeleton once (Altair's construction costs milliseconds) with a
named data set, and fills in the rows per request. The same spec can be rendered to SVG or
PNG with vl-convert for reports. Every chart is shown with a data table and a CSV download.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from functools import cache
from typing import Any

import altair as alt

DATA = "rows"
WIDTH = "container"
Spec = dict[str, Any]
# Every chart takes its container's width ("width": "container" and autosize fit-x; the CSS
# gives .chart__canvas the column's width) and redraws when it changes, so it fits a 320 px
# phone as well as a desk. The config keeps it readable there: long names on an axis or in a
# legend are cut with an ellipsis (the table beside the chart has them whole), crowded labels
# are thinned rather than overlap, and a legend wraps onto two columns instead of one long row.
AUTOSIZE: Spec = {"type": "fit-x", "contains": "padding", "resize": True}
PHONE_CONFIG: Spec = {
    "axis": {"labelLimit": 110, "labelOverlap": "greedy", "titleLimit": 200},
    "legend": {"labelLimit": 130, "columns": 2, "titleLimit": 200},
}


def _finish(chart: alt.TopLevelMixin, description: str) -> Spec:
    spec: Spec = chart.to_dict(validate=False)
    spec["description"] = description
    spec["autosize"] = dict(AUTOSIZE)
    spec["config"] = {**spec.get("config", {}), **PHONE_CONFIG}
    spec.pop("datasets", None)
    return spec


@cache
def _series_template() -> Spec:
    chart = (
        alt.Chart(alt.NamedData(DATA))
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title="År"),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
            color=alt.Color("area:N", title="Område", legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("area:N", title="Område"),
                alt.Tooltip("period:N", title="Periode"),
                alt.Tooltip("value:Q", title="Verdi", format=",.1f"),
            ],
        )
        .properties(width=WIDTH, height=280)
    )
    return _finish(chart, "")


@cache
def _ranking_template() -> Spec:
    chart = (
        alt.Chart(alt.NamedData(DATA))
        .mark_bar()
        .encode(
            y=alt.Y("name:N", sort=None, title=None),
            x=alt.X("value:Q", title=None),
            color=alt.condition("datum.highlight", alt.value("#1e6a8d"), alt.value("#a7c4d2")),
            tooltip=[
                alt.Tooltip("name:N", title="Kommune"),
                alt.Tooltip("value:Q", title="Verdi", format=",.1f"),
            ],
        )
        .properties(width=WIDTH)
    )
    return _finish(chart, "")


@cache
def _distribution_template() -> Spec:
    chart = (
        alt.Chart(alt.NamedData(DATA))
        .mark_bar()
        .encode(
            x=alt.X("value:Q", bin=alt.Bin(maxbins=30), title="Verdi"),
            y=alt.Y("count():Q", title="Antall kommuner", stack=True),
            color=alt.Color("group:N", title="Gruppe", legend=alt.Legend(orient="bottom")),
        )
        .properties(width=WIDTH, height=240)
    )
    return _finish(chart, "")


@cache
def _totals_template() -> Spec:
    chart = (
        alt.Chart(alt.NamedData(DATA))
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title="År"),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
            color=alt.Color("group:N", title="Gruppe", legend=alt.Legend(orient="bottom")),
        )
        .properties(width=WIDTH, height=240)
    )
    return _finish(chart, "")


@cache
def _map_template(geo_url: str) -> Spec:
    shapes = alt.UrlData(url=geo_url, format=alt.JsonDataFormat(type="json", property="features"))
    chart = (
        alt.Chart(shapes)
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.2)
        .transform_lookup(
            lookup="properties.kommunenummer",
            from_=alt.LookupData(alt.NamedData(DATA), key="number", fields=["value", "name"]),
        )
        .encode(
            color=alt.Color("value:Q", title=None, scale=alt.Scale(scheme="blues")),
            tooltip=[
                alt.Tooltip("name:N", title="Kommune"),
                alt.Tooltip("value:Q", title="Verdi", format=",.1f"),
            ],
        )
        .project(type="transverseMercator", rotate=[-15, 0, 0])
        .properties(width=WIDTH, height=520)
    )
    return _finish(chart, "")


def _with_rows(template: Spec, rows: Sequence[object], description: str, **extra: Any) -> Spec:
    spec = copy.copy(template)
    spec["datasets"] = {DATA: list(rows)}
    spec["description"] = description
    spec.update(extra)
    return spec


def series_chart(rows: Sequence[object], description: str) -> Spec:
    return _with_rows(_series_template(), rows, description)


def ranking_chart(rows: Sequence[object], description: str) -> Spec:
    spec = _with_rows(_ranking_template(), rows, description)
    spec["height"] = max(120, 18 * len(rows))
    return spec


def distribution_chart(rows: Sequence[object], description: str) -> Spec:
    return _with_rows(_distribution_template(), rows, description)


def totals_chart(rows: Sequence[object], description: str) -> Spec:
    return _with_rows(_totals_template(), rows, description)


def map_chart(rows: Sequence[object], description: str, *, geo_url: str) -> Spec:
    return _with_rows(_map_template(geo_url), rows, description)
