"""The open data writers and the download switch, without a database."""

from __future__ import annotations

import json

from django.test import RequestFactory

from kommunenettverk.core.opendata import (
    Column,
    OpenTable,
    open_table_links,
    open_table_response,
    table_jsonstat,
)


def _table() -> OpenTable:
    return OpenTable(
        slug="tall",
        title="Tall",
        columns=[Column("kode", "kode", key=True), Column("verdi", "verdi", unit="tonn")],
        rows=[("a", 1.25), ("b", None)],
        licence="NLOD",
        licence_url="https://data.norge.no/nlod/no/2.0",
        attribution="Testkilde",
    )


def test_page_request_gets_no_file_and_links_keep_the_filters() -> None:
    request = RequestFactory().get("/side/", {"fylke": "18", "side": "3"})
    assert open_table_response(request, _table()) is None
    links = open_table_links(request, _table())
    assert links.csv == "?fylke=18&last_ned=tall&format=csv"
    assert links.jsonstat == "?fylke=18&last_ned=tall&format=json-stat"


def test_csv_download_has_metadata_comments_then_the_table() -> None:
    request = RequestFactory().get("/side/", {"last_ned": "tall", "format": "csv", "fylke": "18"})
    response = open_table_response(request, _table())
    assert response is not None
    assert response["Content-Disposition"] == 'attachment; filename="tall.csv"'
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "# Tall"
    assert "# Lisens: NLOD (https://data.norge.no/nlod/no/2.0)" in lines
    assert "# Kreditering: Testkilde" in lines
    assert "# Side: http://testserver/side/?fylke=18" in lines
    assert lines[-3:] == ["kode;verdi", "a;1,25", "b;"]


def test_other_tables_and_unknown_formats_are_not_downloads() -> None:
    factory = RequestFactory()
    assert open_table_response(factory.get("/", {"last_ned": "annen"}), _table()) is None
    assert (
        open_table_response(factory.get("/", {"last_ned": "tall", "format": "xml"}), _table())
        is None
    )


def test_jsonstat_has_licence_unit_and_sparse_values() -> None:
    doc = table_jsonstat(_table())
    assert doc["id"] == ["kode", "statistikkvariabel"]
    assert doc["size"] == [2, 1]
    assert doc["value"] == {"0": 1.25, "1": None}
    assert "status" not in doc
    assert doc["dimension"]["statistikkvariabel"]["category"]["unit"] == {
        "verdi": {"label": "tonn"}
    }
    assert doc["extension"]["licence"] == {
        "name": "NLOD",
        "url": "https://data.norge.no/nlod/no/2.0",
    }
    json.dumps(doc)  # plain JSON
