"""Vega-Lite specs for the programme dashboard (Altair, as in indicators/charts.py), drawn in
the browser by the indicators' charts.js; the page shows the same numbers in a table."""

from __future__ import annotations

import copy
import datetime
from functools import cache
from typing import Any

import altair as alt
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kommunenettverk.programmes.models import Programme

DATA = "rows"
Spec = dict[str, Any]


@cache
def _over_time_template(language: str) -> Spec:
    """The skeleton once per language (Altair costs milliseconds); titles are translated."""
    chart = (
        alt.Chart(alt.NamedData(DATA))
        .mark_line(point=True)
        .encode(
            x=alt.X("date:O", title=_("Dato"), sort=None),
            y=alt.Y("value:Q", title=_("Antall"), axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("date:O", title=_("Dato")),
                alt.Tooltip("series:N", title=_("Serie")),
                alt.Tooltip("value:Q", title=_("Antall")),
            ],
        )
        .properties(width="container", height=240)
    )
    spec: Spec = chart.to_dict(validate=False)
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    spec.pop("datasets", None)
    return spec


def over_time_chart(programme: Programme, over_time: list[tuple[datetime.date, int, int]]) -> Spec:
    """Active participants and networks at each date of the dashboard's table."""
    active, networks = _("Aktive deltakere"), _("Nettverk")
    spec = copy.copy(_over_time_template(get_language() or ""))
    spec["datasets"] = {
        DATA: [
            {"date": date_format(on, "j.n.Y"), "series": series, "value": value}
            for on, a, n in over_time
            for series, value in ((active, a), (networks, n))
        ]
    }
    spec["description"] = _(
        "Linjediagram: aktive deltakere og nettverk i %(p)s over tid. Tallene står i tabellen."
    ) % {"p": programme.name}
    return spec
