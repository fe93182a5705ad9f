"""Open data from the indicator pages: CSV with licence comments and JSON-stat 2.0 that our
own JSON-stat reader (indicators/jsonstat.py) reads back, status symbols and all."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from kommunenettverk.core.opendata import NLOD, Column, OpenTable, table_csv, table_jsonstat
from kommunenettverk.indicators import jsonstat
from kommunenettverk.indicators.services import indicator_values_import
from kommunenettverk.indicators.tabular import ColumnMapping, read_csv
from kommunenettverk.indicators.tests.factories import make_indicator

pytestmark = pytest.mark.django_db

MAPPING = ColumnMapping(indicator="i", area="k", period="år", value="v", status="s")


@pytest.fixture
def values(registry: None) -> None:
    make_indicator("utslipp", name="Utslipp", attribution="Miljødirektoratet", licence="CC BY 4.0")
    lines = [
        "i;k;år;v;s",
        "utslipp;1804;2021;10,5;",
        "utslipp;1804;2022;;..",
        "utslipp;1804;2023;;:",
        "utslipp;1804;2019-2021;7;",
    ]
    indicator_values_import(rows=read_csv("\n".join(lines).encode(), MAPPING), strict=True)


def test_series_as_jsonstat_reads_back_with_status_symbols(client: Client, values: None) -> None:
    url = reverse("indicators:municipality_indicator", args=["1804", "utslipp"])
    response = client.get(url, {"last_ned": "tidsserie", "format": "json-stat"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="utslipp-1804-tidsserie.json"'
    doc = json.loads(response.content)
    assert (
        doc["extension"]["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/deed.no"
    )
    assert doc["extension"]["attribution"] == "Miljødirektoratet"
    assert any("Lisens:" in note for note in doc["note"])
    dataset = jsonstat.parse(response.content)
    assert (dataset.geo, dataset.time, dataset.metric) == (
        "område",
        "periode",
        "statistikkvariabel",
    )
    rows = {
        (r["area"], r["period"]): (r["value"], r["status"])
        for r in dataset.frame.filter(dataset.frame["area"] == "Bodø").iter_rows(named=True)
    }
    assert rows[("Bodø", "2021")] == ("10.5", None)
    assert rows[("Bodø", "2022")] == (None, "..")
    assert rows[("Bodø", "2023")] == (None, ":")
    assert rows[("Bodø", "2019-2021")] == ("7.0", None)


def test_series_csv_carries_licence_and_symbols(client: Client, values: None) -> None:
    url = reverse("indicators:municipality_indicator", args=["1804", "utslipp"])
    response = client.get(url, {"last_ned": "tidsserie", "format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert "# Kreditering: Miljødirektoratet" in text
    assert "Bodø;2022;;..\n" in text
    assert "Bodø;2021;10,5;\n" in text
    page = client.get(url).content.decode()
    assert "last_ned=tidsserie&amp;format=json-stat" in page
    assert "Last ned JSON-stat" in page


def test_generic_table_round_trip_through_the_reader() -> None:
    table = OpenTable(
        slug="t",
        title="Tabell",
        columns=[
            Column("region", "kommune", key=True, role="geo"),
            Column("tid", "år", key=True, role="time"),
            Column("a", "A"),
            Column("b", "B"),
            Column("status", "status"),
        ],
        rows=[("1804", "2020", 1.5, 2, ""), ("4621", "2021", None, None, ".")],
        status_column="status",
    )
    doc = table_jsonstat(table)
    assert doc["size"] == [2, 2, 2]
    assert doc["extension"]["licence"]["name"] == NLOD
    dataset = jsonstat.parse(json.dumps(doc), select={})
    frame = dataset.frame.sort(["area", "period", "content"])
    # The cube's other cells (1804 in 2021, 4621 in 2020) hold neither value nor status.
    frame = frame.filter(frame["value"].is_not_null() | frame["status"].is_not_null())
    assert frame.select("area", "period", "content", "value", "status").rows() == [
        ("1804", "2020", "a", "1.5", None),
        ("1804", "2020", "b", "2", None),
        ("4621", "2021", "a", None, "."),
        ("4621", "2021", "b", None, "."),
    ]
    table = OpenTable(slug="t", title="Tabell", columns=table.columns, rows=table.rows)
    csv_text = table_csv(table)
    assert csv_text.splitlines()[0] == "# Tabell"
    assert "kommune;år;A;B;status" in csv_text.splitlines()
    assert "1804;2020;1,5;2;" in csv_text.splitlines()
