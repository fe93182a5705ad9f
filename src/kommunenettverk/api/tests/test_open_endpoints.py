"""The public read endpoints for programmes, networks, gatherings, indicators, values and
examples: their shape, filters and pagination, and that they show only public parts."""

from __future__ import annotations

import datetime

import polars as pl
import pytest
from conftest import MakeUser
from django.test import Client

from kommunenettverk.accounts.models import Role
from kommunenettverk.ideabank.tests.factories import make_example
from kommunenettverk.indicators import services as indicator_services
from kommunenettverk.indicators.tabular import LONG_SCHEMA
from kommunenettverk.indicators.tests.factories import make_indicator
from kommunenettverk.networks import services as network_services
from kommunenettverk.networks.models import AgendaItem, AttendeeRole
from kommunenettverk.networks.tests.factories import make_gathering, nord_network
from kommunenettverk.programmes.models import Participation
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


def _values(rows: list[tuple[str, str, str, str | None, str]]) -> None:
    frame = pl.DataFrame(
        {
            "indicator": [r[0] for r in rows],
            "area": [r[1] for r in rows],
            "period": [r[2] for r in rows],
            "value": [r[3] for r in rows],
            "status": [r[4] for r in rows],
            "line": list(range(1, len(rows) + 1)),
        },
        schema=LONG_SCHEMA,
    )
    indicator_services.indicator_values_import(rows=frame, strict=True)


def test_programme_list_shows_period_capacity_and_themes(
    client: Client, bodo: Municipality
) -> None:
    network = nord_network()
    programme = network.programme
    programme.capacity = 40
    programme.save()
    body = client.get("/api/v1/programmes").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["slug"] == programme.slug
    assert item["capacity"] == 40
    assert item["occupied"] == 4
    assert item["period"] == "2006–2030"
    assert [t["slug"] for t in item["themes"]] == ["tema-1", "tema-2", "tema-3"]
    assert client.get(f"/api/v1/programmes/{programme.slug}").json()["name"] == programme.name
    assert client.get("/api/v1/programmes/finnes-ikke").json()["code"] == "not_found"


def test_network_list_shows_current_members_and_adviser_name(
    client: Client, make_user: MakeUser, bodo: Municipality
) -> None:
    adviser = make_user(Role.REGIONAL_ADVISER, bodo.county.ks_region)
    network = nord_network(adviser=adviser)
    leaving = network.memberships.exclude(participation__municipality=bodo).first()
    assert leaving is not None
    network_services.network_remove_member(membership=leaving, left_on=datetime.date(2020, 1, 1))
    body = client.get("/api/v1/networks", {"municipality": "1804"}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["adviser"] == adviser.full_name
    assert bodo.county.ks_region is not None
    assert item["region"] == bodo.county.ks_region.name
    assert len(item["members"]) == 3
    assert "1804" in {m["number"] for m in item["members"]}
    assert adviser.email not in str(body)
    assert client.get("/api/v1/networks", {"municipality": "4621"}).json()["count"] == 0
    assert client.get(f"/api/v1/networks/{network.slug}").json()["slug"] == network.slug


def test_gatherings_show_agenda_but_no_registrations(
    client: Client, make_user: MakeUser, bodo: Municipality
) -> None:
    network = nord_network()
    gathering = make_gathering(network)
    AgendaItem.objects.create(
        gathering=gathering, title="Klimabudsjett", kind="input", presenter="Kari Nordmann"
    )
    network_services.gathering_invite(gathering=gathering)
    participant = make_user(Role.PARTICIPANT, bodo, email="deltaker@bodo.example")
    network_services.gathering_register(
        gathering=gathering,
        participation=Participation.objects.get(municipality=bodo),
        user=participant,
        name="Ola Deltaker",
        role=AttendeeRole.ELECTED,
    )
    body = client.get("/api/v1/gatherings", {"network": network.slug}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["place"] == "Bodø rådhus"
    assert item["agenda"] == [{"title": "Klimabudsjett", "kind": "input", "partner": None}]
    text = str(body)
    assert "Ola Deltaker" not in text
    assert "deltaker@bodo.example" not in text
    assert "Kari Nordmann" not in text
    one = client.get(f"/api/v1/networks/{network.slug}/gatherings/{gathering.number}").json()
    assert one["number"] == gathering.number
    later = (gathering.starts_at + datetime.timedelta(days=1)).date().isoformat()
    assert client.get("/api/v1/gatherings", {"date_from": later}).json()["count"] == 0
    assert client.get("/api/v1/gatherings", {"date_from": "0"}).status_code == 422


def test_values_are_filtered_and_keep_status_symbols(client: Client, bodo: Municipality) -> None:
    make_indicator("utslipp")
    make_indicator("avfall")
    _values(
        [
            ("utslipp", "1804", "2022", "10.5", ""),
            ("utslipp", "1804", "2023", None, ".."),
            ("utslipp", "4621", "2023", "3", ""),
            ("avfall", "1804", "2023", "7", ""),
            ("utslipp", "18", "2023", "99", ""),
        ]
    )
    body = client.get(
        "/api/v1/values",
        {"indicator": "utslipp", "area_kind": "K", "area_code": "1804", "year_from": "2023"},
    ).json()
    assert body == {
        "items": [
            {
                "indicator": "utslipp",
                "area_kind": "K",
                "area_code": "1804",
                "period": "2023",
                "year": 2023,
                "value": None,
                "status": "..",
            }
        ],
        "count": 1,
    }
    assert client.get("/api/v1/values", {"area_kind": "F"}).json()["count"] == 1
    assert client.get("/api/v1/values", {"year_to": 2022}).json()["count"] == 1
    page = client.get("/api/v1/values", {"page_size": 2, "page": 3}).json()
    assert page["count"] == 5
    assert len(page["items"]) == 1
    catalogue = client.get("/api/v1/indicators").json()
    assert [i["code"] for i in catalogue["items"]] == ["avfall", "utslipp"]
    assert client.get("/api/v1/indicators/utslipp").json()["unit"] == "tonn"


def test_examples_search_published_only(client: Client, bodo: Municipality) -> None:
    published = make_example(title="Solceller på skolen", contact_email="kari@bodo.example")
    make_example(title="Solceller i utkast", status="draft")
    body = client.get("/api/v1/examples", {"q": "solceller"}).json()
    assert [e["title"] for e in body["items"]] == ["Solceller på skolen"]
    assert body["count"] == 1
    assert "kari@bodo.example" not in str(body)
    assert client.get("/api/v1/examples", {"county": "46"}).json()["count"] == 0
    assert client.get("/api/v1/examples", {"theme": "climate_energy"}).json()["count"] == 1
    assert client.get(f"/api/v1/examples/{published.pk}").json()["municipality"] == "1804"
    draft_id = published.pk + 1
    assert client.get(f"/api/v1/examples/{draft_id}").status_code == 404


def test_nul_characters_match_nothing_instead_of_a_server_error(client: Client) -> None:
    """PostgreSQL cannot compare text with NUL; the API reads it as a character no stored
    text holds, on both databases."""
    for url in ("/api/v1/code-changes?old_code=%00", "/api/v1/municipalities?q=Bod%00"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.json()["count"] == 0
    assert client.get("/api/v1/networks/a%00b").status_code == 404
