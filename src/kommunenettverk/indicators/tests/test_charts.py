"""Every chart spec (indicators and reports) fits its container, so it fits a 320 px phone."""

from __future__ import annotations

from typing import Any

import pytest

from kommunenettverk.indicators import charts
from kommunenettverk.reports import charts as report_charts

ROWS: list[dict[str, Any]] = [{"x": "2024", "group": "Bodø", "value": 1}]
SPECS = {
    "series": charts.series_chart(ROWS, "d"),
    "ranking": charts.ranking_chart(ROWS, "d"),
    "distribution": charts.distribution_chart(ROWS, "d"),
    "totals": charts.totals_chart(ROWS, "d"),
    "map": charts.map_chart(ROWS, "d", geo_url="/static/indicators/kommuner.geojson"),
    "report line": report_charts.line_chart(ROWS, "d"),
    "report bar": report_charts.bar_chart(ROWS, "d"),
}


@pytest.mark.parametrize("name", SPECS)
def test_chart_takes_its_containers_width_and_stays_readable(name: str) -> None:
    spec = SPECS[name]
    assert spec["width"] == "container"
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding", "resize": True}
    assert spec["config"]["axis"]["labelLimit"] <= 120  # long names cut, not widening the chart
    assert spec["config"]["legend"]["columns"] == 2  # a legend wraps instead of one long row
    assert spec["datasets"]["rows"] == ROWS


def test_print_version_has_a_fixed_width() -> None:
    svg = report_charts.to_svg(SPECS["report line"])
    assert 'width="460"' in svg.split(">", 1)[0]  # the A4 text width, not a container
