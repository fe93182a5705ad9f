"""Vega-Lite specs for the spread of examples, built with Altair as indicators/charts.py does
(each skeleton once, the rows per request; shown by the indicators' charts.js, always with a
table of the same numbers beside it)."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from functools import cache
from typing import Any

import altair as alt

DATA = "rows"
WIDTH = "container"
Spec = dict[str, Any]

# One colour per distance class, the origin darkest; the names are the pages' own labels.
_PALETTE = ["#0b3a53", "#1e6a8d", "#58a4b0", "#c9a227"]


def _finish(chart: alt.TopLevelMixin) -> Spec:
    spec: Spec = chart.to_dict(validate=False)
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    spec.pop("datasets", None)
    return spec


def _with_rows(template: Spec, rows: Sequence[object], description: str) -> Spec:
    spec = copy.copy(template)
    spec["datasets"] = {DATA: list(rows)}
    spec["description"] = description
    return spec


@cache
def _map_template(geo_url: str, kinds: tuple[str, ...]) -> Spec:
    shapes = alt.UrlData(url=geo_url, format=alt.JsonDataFormat(type="json", property="features"))
    chart = (
        alt.Chart(shapes)
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.2)
        .transform_lookup(
            lookup="properties.kommunenummer",
            from_=alt.LookupData(alt.NamedData(DATA), key="number", fields=["kind", "name"]),
        )
        .encode(
            color=alt.condition(
                "datum.kind",
                alt.Color(
                    "kind:N",
                    title=None,
                    scale=alt.Scale(domain=list(kinds), range=_PALETTE[: len(kinds)]),
                    legend=alt.Legend(orient="bottom"),
                ),
                alt.value("#e4e7ea"),
            ),
            tooltip=[alt.Tooltip("name:N", title="Kommune"), alt.Tooltip("kind:N", title="")],
        )
        .project(type="transverseMercator", rotate=[-15, 0, 0])
        .properties(width=WIDTH, height=460)
    )
    return _finish(chart)


@cache
def _count_template(x_field: str, x_title: str) -> Spec:
    chart = (
        alt.Chart(alt.NamedData(DATA))
        .mark_bar()
        .encode(
            x=alt.X(f"{x_field}:O", title=x_title, sort=None),
            y=alt.Y("count:Q", title="Antall", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("reach:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip(f"{x_field}:O", title=x_title),
                alt.Tooltip("reach:N", title=""),
                alt.Tooltip("count:Q", title="Antall"),
            ],
        )
        .properties(width=WIDTH, height=220)
    )
    return _finish(chart)


def spread_map(
    rows: Sequence[object], description: str, *, geo_url: str, kinds: Sequence[str]
) -> Spec:
    """The origin and every municipality that took the example up, coloured by class."""
    return _with_rows(_map_template(geo_url, tuple(kinds)), rows, description)


def timeline_chart(rows: Sequence[object], description: str) -> Spec:
    """Take-ups per year, stacked by distance class."""
    return _with_rows(_count_template("year", "År"), rows, description)


def reach_chart(rows: Sequence[object], description: str) -> Spec:
    """Take-ups by distance class."""
    return _with_rows(_count_template("reach", "Hvor"), rows, description)


@cache
def _outcome_template() -> Spec:
    chart = (
        alt.Chart(alt.NamedData(DATA))
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title="År"),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
            color=alt.Color("area:N", title="Kommune", legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("area:N", title="Kommune"),
                alt.Tooltip("year:O", title="År"),
                alt.Tooltip("value:Q", title="Verdi", format=",.1f"),
            ],
        )
        .properties(width=WIDTH, height=240)
    )
    return _finish(chart)


def outcome_chart(rows: Sequence[object], description: str) -> Spec:
    """An indicator in the adopting and the originating municipality over time."""
    return _with_rows(_outcome_template(), rows, description)
