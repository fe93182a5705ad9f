from __future__ import annotations

import pytest
from conftest import MakeUser
from django.test import Client

from kommunenettverk.accounts.models import Role
from kommunenettverk.api.models import ApiToken
from kommunenettverk.api.services import api_token_create, api_token_revoke
from kommunenettverk.plans import services as plan_services
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(bodo: Municipality) -> Goal:
    return plan_services.goal_save(
        municipality=bodo, fields={"statement": "Offentlig mål", "published": True}
    )


@pytest.fixture
def measure(goal: Goal) -> Measure:
    return plan_services.measure_save(
        goal=goal,
        fields={"title": "Offentlig tiltak", "dimension": "plan", "published": True},
        partners=[],
    )


@pytest.fixture
def hidden(goal: Goal) -> Measure:
    return plan_services.measure_save(
        goal=goal, fields={"title": "Skjult tiltak", "dimension": "plan"}, partners=[]
    )


def test_municipality_list_is_paginated_and_filterable(client: Client) -> None:
    body = client.get("/api/v1/municipalities", {"county": "56"}).json()
    assert body["count"] == 18
    assert {m["county_number"] for m in body["items"]} == {"56"}
    body = client.get("/api/v1/municipalities").json()
    assert body["count"] == 357
    assert len(body["items"]) == 50


def test_municipality_detail_and_norwegian_404(client: Client) -> None:
    body = client.get("/api/v1/municipalities/5610").json()
    assert body["name_nb"] == "Karasjok"
    assert body["parallel_names"] == ["Kárášjohka"]
    response = client.get("/api/v1/municipalities/9998")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Det finnes ingen kommune med nummer «9998».",
        "code": "not_found",
        "errors": [],
    }


def test_invalid_query_gives_a_consistent_error_object(client: Client) -> None:
    response = client.get("/api/v1/municipalities", {"page": "0"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"][0]["field"] == "page"


def test_code_mapping(client: Client) -> None:
    assert client.get("/api/v1/codes/3005/current").json()["current"] == ["3301"]
    assert client.get("/api/v1/codes/abcd/current").status_code == 422


def test_public_endpoints_never_show_unpublished_data(
    client: Client, measure: Measure, hidden: Measure, bodo: Municipality
) -> None:
    plan_services.goal_save(municipality=bodo, fields={"statement": "Hemmelig mål"})
    goals = client.get("/api/v1/municipalities/1804/goals").json()
    assert [g["statement"] for g in goals] == ["Offentlig mål"]
    assert [m["title"] for m in goals[0]["measures"]] == ["Offentlig tiltak"]
    assert client.get(f"/api/v1/measures/{hidden.pk}").status_code == 404
    assert client.get(f"/api/v1/measures/{measure.pk}").json()["title"] == "Offentlig tiltak"


def test_status_update_needs_a_token(client: Client, measure: Measure) -> None:
    response = client.post(
        f"/api/v1/measures/{measure.pk}/status",
        {"status": "done", "progress": 100},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_coordinator_token_updates_status(
    client: Client, make_user: MakeUser, bodo: Municipality, measure: Measure
) -> None:
    _token, raw = api_token_create(user=make_user(Role.MUNICIPAL_COORDINATOR, bodo), name="Fag")
    response = client.post(
        f"/api/v1/measures/{measure.pk}/status",
        {"status": "in_progress", "progress": 30, "note": "Fra fagsystemet"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["progress"] == 30
    measure.refresh_from_db()
    assert measure.status_updates.get().note == "Fra fagsystemet"
    response = client.post(
        f"/api/v1/measures/{measure.pk}/status",
        {"status": "ferdig", "progress": 30},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "status"


@pytest.mark.parametrize(
    "role", [Role.PARTICIPANT, Role.REGIONAL_ADVISER, Role.NATIONAL_COORDINATOR, Role.PARTNER]
)
def test_other_roles_tokens_are_refused(
    client: Client, make_user: MakeUser, voss: Municipality, measure: Measure, role: Role
) -> None:
    scope = voss if role == Role.PARTICIPANT else None
    _token, raw = api_token_create(user=make_user(role, scope), name="x")
    response = client.post(
        f"/api/v1/measures/{measure.pk}/status",
        {"status": "done", "progress": 100},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 403
    measure.refresh_from_db()
    assert measure.status == "planned"


def test_coordinator_of_another_municipality_is_refused(
    client: Client, make_user: MakeUser, voss: Municipality, measure: Measure
) -> None:
    _token, raw = api_token_create(user=make_user(Role.MUNICIPAL_COORDINATOR, voss), name="x")
    response = client.post(
        f"/api/v1/measures/{measure.pk}/status",
        {"status": "done", "progress": 100},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 403


def test_revoked_token_stops_working(
    client: Client, make_user: MakeUser, bodo: Municipality, measure: Measure
) -> None:
    token, raw = api_token_create(user=make_user(Role.MUNICIPAL_COORDINATOR, bodo), name="x")
    api_token_revoke(token=token)
    response = client.post(
        f"/api/v1/measures/{measure.pk}/status",
        {"status": "done", "progress": 100},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 401
    assert ApiToken.objects.get(pk=token.pk).key_hash != raw  # only the hash is stored


def test_openapi_schema_and_docs(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/municipalities" in schema["paths"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert "POST /api/v1/measures/{measure_id}/status" in docs.text
    assert "<script>" not in docs.text


def test_token_page_shows_the_token_once(client: Client, make_user: MakeUser) -> None:
    user = make_user()
    client.force_login(user)
    response = client.post("/konto/api-nokler/", {"name": "Fagsystem"})
    token = ApiToken.objects.get(user=user)
    assert token.prefix in response.text
    assert "vises bare denne ene gangen" in response.text
    assert "vises bare denne ene gangen" not in client.get("/konto/api-nokler/").text
    other = make_user()
    client.force_login(other)
    assert client.post(f"/konto/api-nokler/{token.pk}/trekk-tilbake/").status_code == 404


def test_revoking_a_token_asks_first(client: Client, make_user: MakeUser) -> None:
    user = make_user()
    token, _secret = api_token_create(user=user, name="Fagsystem")
    client.force_login(user)
    url = f"/konto/api-nokler/{token.pk}/trekk-tilbake/"
    assert (
        'data-confirm="Trekke tilbake nøkkelen Fagsystem?"' in client.get("/konto/api-nokler/").text
    )
    page = client.post(url)  # without JavaScript: the confirmation page
    assert page.status_code == 200 and "Trekke tilbake nøkkelen Fagsystem?" in page.text
    assert 'name="confirmed" value="1"' in page.text
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
