"""example_search on whichever database runs the suite (CI runs both)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kommunenettverk.ideabank import services
from kommunenettverk.ideabank.selectors import example_search
from kommunenettverk.ideabank.tests.factories import make_example

pytestmark = pytest.mark.django_db


def _titles(**kwargs: Any) -> list[str]:
    return [hit.example.title for hit in example_search(**kwargs).hits]


def test_stemming_finds_other_forms_of_a_word(registry: None) -> None:
    make_example(title="Ny klimaplan for kommunen", body="Vi vedtok planen i 2024.")
    make_example(title="Turstier i nærmiljøet", body="Turstiene er merket.", summary="Tur.")
    assert _titles(query="klimaplanen") == ["Ny klimaplan for kommunen"]
    assert _titles(query="turstien") == ["Turstier i nærmiljøet"]
    assert _titles(query="KLIMAPLAN") == ["Ny klimaplan for kommunen"]


def test_all_words_must_match(registry: None) -> None:
    make_example(title="Klimaplan og sykkel", summary="Sykkelveier.", body="Mer sykling.")
    make_example(title="Klimaplan og mat", summary="Lokalmat.", body="Mer lokalmat.")
    assert _titles(query="klimaplan lokalmat") == ["Klimaplan og mat"]


def test_stop_words_are_ignored_like_postgresql_does(registry: None) -> None:
    make_example(title="Klimaplan med sykkel", summary="Sykkelveier.", body="Mer sykling.")
    assert _titles(query="klimaplan og sykkel") == ["Klimaplan med sykkel"]


def test_title_match_ranks_above_body_match(registry: None) -> None:
    make_example(title="Ombruk av møbler", summary="Om møbler.", body="Vi sparte energien.")
    make_example(title="Mindre energi i skolene", summary="Om bygg.", body="Fjernvarme.")
    make_example(title="Frisklivssentral", summary="Trening.", body="Ingenting om dette.")
    assert _titles(query="energi") == ["Mindre energi i skolene", "Ombruk av møbler"]


def test_snippet_highlights_matches_and_escapes_html(registry: None) -> None:
    make_example(
        title="Vennskapskommune",
        body="Samarbeidet med <script>alert(1)</script> vennskapskommunen i Malawi gir mye.",
    )
    (hit,) = example_search(query="vennskapskommunen").hits
    assert "<mark>vennskapskommunen</mark>" in hit.snippet
    # PostgreSQL's headline drops tag-like text, the SQLite twin escapes it: never markup.
    assert "<script" not in hit.snippet
    assert "alert(1)" in hit.snippet


def test_filters_by_theme_county_and_size(registry: None) -> None:
    make_example("1804", title="Klimaplan Bodø", themes=["climate_energy"])  # 53 000 inhabitants
    make_example("4621", title="Klimaplan Voss", themes=["climate_energy", "land_use"])
    make_example("1839", title="Klimaplan Beiarn", themes=["land_use"])  # ~1 000 inhabitants
    assert _titles(query="klimaplan", theme="land_use") == _titles(
        query="klimaplan", theme="land_use", county=""
    )
    assert sorted(_titles(query="klimaplan", theme="land_use")) == [
        "Klimaplan Beiarn",
        "Klimaplan Voss",
    ]
    assert sorted(_titles(query="klimaplan", county="18")) == ["Klimaplan Beiarn", "Klimaplan Bodø"]
    assert _titles(query="klimaplan", size="small") == ["Klimaplan Beiarn"]
    assert _titles(query="klimaplan", size="city") == ["Klimaplan Bodø"]
    assert _titles(theme="climate_energy", county="46") == ["Klimaplan Voss"]


def test_drafts_and_examples_in_review_are_never_found(registry: None) -> None:
    make_example(title="Klimaplan utkast", status="draft")
    make_example(title="Klimaplan til vurdering", status="in_review")
    assert example_search(query="klimaplan").total == 0
    assert example_search().total == 0


def test_index_follows_edits(registry: None) -> None:
    example = make_example(title="Lokalmat i barnehagen", status="draft")
    data = services.ExampleData(title="Ombruk i barnehagen", summary="S", body="B", themes=[])
    services.example_update(example=example, data=data, user=None)
    services.example_submit(example=example, user=None)
    services.example_publish(example=example, user=None)
    assert _titles(query="ombruk") == ["Ombruk i barnehagen"]
    assert _titles(query="lokalmat") == []


def test_search_page_shows_ranked_hits_and_explains_an_empty_query(
    client: Client, registry: None
) -> None:
    make_example(title="Kulturminneplan for sentrum", body="Kulturminneplanen ble vedtatt.")
    response = client.get(reverse("ideabank:example_list"), {"q": "kulturminneplanen"})
    assert "1 eksempel passer «kulturminneplanen»" in response.text
    assert "<mark>Kulturminneplanen</mark>" in response.text
    for blank in ["  ", "og i"]:
        response = client.get(reverse("ideabank:example_list"), {"q": blank})
        assert "Skriv ett eller flere ord i søkefeltet" in response.text
    response = client.get(reverse("ideabank:example_list"), {"q": "finnesikke"})
    assert "Ingen publiserte eksempler passer søket" in response.text


def test_search_page_htmx_returns_only_results(client: Client, registry: None) -> None:
    make_example(title="Frisklivssentral")
    url = reverse("ideabank:example_list")
    response = client.get(url, {"q": "frisklivssentralen"}, headers={"HX-Request": "true"})
    assert "<html" not in response.text
    assert "Frisklivssentral" in response.text


def test_migration_made_the_search_structures_for_this_database() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = set(connection.introspection.get_constraints(cursor, "ideabank_example"))
            assert {"ideabank_example_search_gin", "ideabank_example_themes_gin"} <= names
        else:
            assert services.FTS_TABLE in connection.introspection.table_names(cursor)


def test_pages_and_total_past_the_last_page(registry: None) -> None:
    for n in range(3):
        make_example(title=f"Lokalmat {n}", themes=["production_consumption"])
    make_example("4621", title="Lokalmat Voss", themes=["production_consumption"])
    first = example_search(query="lokalmat", county="18", limit=2)
    second = example_search(query="lokalmat", county="18", limit=2, offset=2)
    beyond = example_search(query="lokalmat", county="18", limit=2, offset=10)
    assert (first.total, second.total, beyond.total) == (3, 3, 3)
    assert len(first.hits) == 2 and len(second.hits) == 1 and beyond.hits == []
    titles = {h.example.title for h in first.hits + second.hits}
    assert titles == {"Lokalmat 0", "Lokalmat 1", "Lokalmat 2"}
