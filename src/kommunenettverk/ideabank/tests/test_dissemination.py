from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kommunenettverk.ideabank.selectors import municipality_dissemination, neighbour_table
from kommunenettverk.ideabank.tests.factories import make_example
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


def test_neighbour_table_is_symmetric_and_knows_real_borders() -> None:
    table = neighbour_table()
    assert {"1838", "1839", "1840", "1841", "1845"} <= set(table["1804"])  # Bodø
    assert "1804" in table["1841"]  # Fauske borders Bodø
    assert "4621" not in table["1804"]
    assert all(number in table[neighbour] for number in table for neighbour in table[number])


def test_dissemination_sections(bodo: Municipality) -> None:
    make_example("1804", title="Bodøs egen klimaplan", themes=["climate_energy"])
    make_example("1841", title="Fauske nabo", themes=["land_use"])
    make_example("1866", title="Hadsel samme fylke", themes=["international"])  # not a neighbour
    make_example("4621", title="Voss samme tema", themes=["climate_energy"])
    make_example("1841", title="Fauske utkast", status="draft")
    result = municipality_dissemination(bodo)
    assert [e.title for e in result.from_neighbours] == ["Fauske nabo"]
    assert [e.title for e in result.from_county] == ["Hadsel samme fylke"]
    assert [e.title for e in result.same_themes] == ["Voss samme tema"]
    assert result.themes == ["climate_energy"]
    shown = result.from_neighbours + result.from_county + result.same_themes + result.similar_size
    assert "Bodøs egen klimaplan" not in [e.title for e in shown]
    assert "Fauske utkast" not in [e.title for e in shown]


def test_dissemination_page_is_public_with_attribution(client: Client, bodo: Municipality) -> None:
    make_example("1841", title="Turstier i Fauske")
    response = client.get(reverse("ideabank:municipality_examples", args=["1804"]))
    assert response.status_code == 200
    assert "Turstier i Fauske" in response.text
    assert "Kartverket (lisens CC BY 4.0)" in response.text
    assert client.get(reverse("ideabank:municipality_examples", args=["9998"])).status_code == 404
    lookup = client.get(reverse("ideabank:municipality_lookup"), {"kommune": "1804"})
    assert lookup["Location"] == reverse("ideabank:municipality_examples", args=["1804"])


def test_similar_municipalities_are_bodos_kostra_group(client: Client, bodo: Municipality) -> None:
    # Sarpsborg (3105) is in Bodø's KOSTRA group 11 (45 000–74 999 inhabitants), far away.
    make_example("3105", title="Sarpsborg i samme KOSTRA-gruppe", themes=["international"])
    make_example("4621", title="Voss i en annen gruppe", themes=["international"])
    result = municipality_dissemination(bodo)
    assert result.kostra_group is not None and result.kostra_group.code == "EKG11"
    assert [e.title for e in result.same_kostra_group] == ["Sarpsborg i samme KOSTRA-gruppe"]
    html = client.get(reverse("ideabank:municipality_examples", args=["1804"])).text
    assert "Fra kommuner i samme KOSTRA-gruppe (KOSTRA-gruppe 11)" in html
    assert html.index("Sarpsborg i samme KOSTRA-gruppe") > html.index("samme KOSTRA-gruppe (")
