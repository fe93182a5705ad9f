from __future__ import annotations

import datetime

import pytest
from conftest import MakeUser
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.models import Role
from kommunenettverk.registry.models import CodeChange, Municipality

pytestmark = pytest.mark.django_db


def test_directory_searches_by_name_and_number(client: Client) -> None:
    response = client.get(reverse("registry:municipality_list"), {"q": "Karasjok"})
    assert response.status_code == 200
    assert "Kárášjohka - Karasjok" in response.text
    assert "1 kommune" in response.text
    response = client.get(reverse("registry:municipality_list"), {"q": "1804"})
    assert "Bodø" in response.text


def test_directory_filters_by_county(client: Client) -> None:
    response = client.get(reverse("registry:municipality_list"), {"fylke": "56"})
    assert "18 kommuner" in response.text
    assert "Kautokeino" in response.text
    assert "Bodø" not in response.text


def test_directory_explains_an_unknown_county(client: Client) -> None:
    response = client.get(reverse("registry:municipality_list"), {"fylke": "99"})
    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.text


def test_directory_htmx_returns_only_the_results(
    client: Client, django_assert_max_num_queries: object
) -> None:
    response = client.get(
        reverse("registry:municipality_list"), {"q": "os"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="results"' in response.text


def test_directory_is_paginated_with_bounded_queries(
    client: Client, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        response = client.get(reverse("registry:municipality_list"), {"side": "2"})
    assert "Side 2 av 8" in response.text


def test_profile_shows_parallel_names_and_region(client: Client) -> None:
    response = client.get(reverse("registry:municipality_detail", args=["5610"]))
    assert response.status_code == 200
    assert "Kárášjohka" in response.text
    assert "KS Nord-Norge" in response.text


def test_profile_of_renumbered_municipality_shows_history(client: Client) -> None:
    response = client.get(reverse("registry:municipality_detail", args=["3301"]))
    assert "3005" in response.text


def test_unknown_number_gives_a_norwegian_404(client: Client) -> None:
    response = client.get(reverse("registry:municipality_detail", args=["9998"]))
    assert response.status_code == 404
    assert "Det finnes ingen kommune med nummer «9998»" in response.text


def test_county_and_region_pages(client: Client) -> None:
    response = client.get(reverse("registry:county_detail", args=["46"]))
    assert "Voss" in response.text
    assert client.get(reverse("registry:county_detail", args=["99"])).status_code == 404
    response = client.get(reverse("registry:region_detail", args=["vest"]))
    assert "Rogaland" in response.text
    response = client.get(reverse("registry:county_list"))
    assert "Trøndelag - Trööndelage" in response.text


def test_region_counties_download_as_csv_and_jsonstat(client: Client) -> None:
    url = reverse("registry:region_detail", args=["vest"])
    page = client.get(url).text
    assert "last_ned=fylker-vest&amp;format=json-stat" in page
    response = client.get(url, {"last_ned": "fylker-vest", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert any(line.startswith("# Lisens: Creative Commons") for line in lines)
    assert any(line.startswith("# Kreditering: Kommuneinndeling") for line in lines)
    rows = [line for line in lines if not line.startswith("#")][1:]
    assert any(row.startswith("11;Rogaland;") for row in rows)
    assert not any(row.startswith("18;") for row in rows)  # Nordland is in KS Nord-Norge
    dataset = client.get(url, {"last_ned": "fylker-vest", "format": "json-stat"}).json()
    assert dataset["version"] == "2.0"
    assert dataset["extension"]["licence"]["url"].startswith("https://creativecommons.org/")
    assert "11" in dataset["dimension"]["fylke"]["category"]["index"]
    assert "18" not in dataset["dimension"]["fylke"]["category"]["index"]


def test_coordinator_edits_own_municipality_with_history(
    client: Client, make_user: MakeUser, bodo: Municipality
) -> None:
    user = make_user(Role.MUNICIPAL_COORDINATOR, bodo)
    client.force_login(user)
    url = reverse("registry:municipality_edit", args=["1804"])
    response = client.post(url, {"website": "www.bodo.kommune.no", "description": "Byen i nord."})
    assert response.status_code == 302
    bodo.refresh_from_db()
    assert bodo.description == "Byen i nord."
    latest = bodo.history.latest()
    assert latest.history_user == user
    assert latest.description == "Byen i nord."


def test_coordinator_of_another_municipality_is_refused(
    client: Client, make_user: MakeUser, voss: Municipality, bodo: Municipality
) -> None:
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, voss))
    url = reverse("registry:municipality_edit", args=["1804"])
    response = client.post(url, {"website": "", "description": "Kapret"})
    assert response.status_code == 403
    assert "Bare kommunens koordinator" in response.text
    bodo.refresh_from_db()
    assert bodo.description == ""


@pytest.mark.parametrize("role", [Role.REGIONAL_ADVISER, Role.PARTICIPANT, Role.PARTNER])
def test_other_roles_cannot_edit(
    client: Client, make_user: MakeUser, bodo: Municipality, role: Role
) -> None:
    client.force_login(make_user(role, bodo if role != Role.PARTNER else None))
    response = client.get(reverse("registry:municipality_edit", args=["1804"]))
    assert response.status_code == 403


def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get(reverse("registry:municipality_edit", args=["1804"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_edit_form_explains_bad_input(
    client: Client, make_user: MakeUser, bodo: Municipality
) -> None:
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    response = client.post(
        reverse("registry:municipality_edit", args=["1804"]),
        {"website": "ikke en adresse", "description": ""},
    )
    assert response.status_code == 200
    assert "Skriv nettadressen som www.kommune.no" in response.text
    assert "Skjemaet har feil" in response.text
    assert 'aria-invalid="true"' in response.text


def test_code_history_is_open_data(client: Client, bodo: Municipality) -> None:
    CodeChange.objects.create(
        old_code="1850",
        old_name="Tysfjord",
        new_code="1804",
        new_name="Bodø",
        changed_on=datetime.date(2020, 1, 1),
    )
    url = reverse("registry:municipality_detail", args=["1804"])
    assert "last_ned=nummerendringer" in client.get(url).text
    csv = client.get(url, {"last_ned": "nummerendringer", "format": "csv"}).content.decode()
    assert "# Lisens: Creative Commons Navngivelse 4.0" in csv
    assert "SSB" in csv
    assert "1850;1804;2020-01-01;Tysfjord;Bodø" in csv
    dataset = client.get(url, {"last_ned": "nummerendringer", "format": "json-stat"}).json()
    assert dataset["version"] == "2.0"
    assert dataset["dimension"]["fra_nummer"]["category"]["index"] == ["1850"]
