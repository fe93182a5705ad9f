"""The indicator value upload (JSON rows, JSON-stat 2.0, CSV): all or nothing, only with the
token of a user holding indicators.import_values (the national coordinator)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import MakeUser
from django.test import Client
from pytest_django import Settings as SettingsWrapper

from kommunenettverk.accounts.models import Role
from kommunenettverk.api.services import api_token_create
from kommunenettverk.indicators.models import IndicatorValue
from kommunenettverk.indicators.tests.factories import make_indicator
from kommunenettverk.registry.models import County, KsRegion, Municipality

pytestmark = pytest.mark.django_db

ROWS = {
    "rows": [
        {"indicator": "utslipp", "area": "1804", "period": "2023", "value": 12.5},
        {"indicator": "utslipp", "area": "1804", "period": "2022", "status": ".."},
        {"indicator": "utslipp", "area": "0", "period": "2023", "value": 1000},
    ]
}
JSONSTAT = {
    "version": "2.0",
    "class": "dataset",
    "label": "Utslipp",
    "id": ["Region", "Tid"],
    "size": [2, 2],
    "role": {"geo": ["Region"], "time": ["Tid"]},
    "dimension": {
        "Region": {"category": {"index": ["1804", "4621"]}},
        "Tid": {"category": {"index": ["2022", "2023"]}},
    },
    "value": [1.0, 2.0, None, 4.0],
    "status": {"2": ":"},
}
CSV = "indicator;area;period;value;status\nutslipp;1804;2021;5;\nutslipp;4621;2021;;..\n"


@pytest.fixture
def indicator(db: None) -> None:
    make_indicator("utslipp")


def _auth(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def _national(make_user: MakeUser) -> str:
    return api_token_create(user=make_user(Role.NATIONAL_COORDINATOR), name="Import")[1]


def _post_rows(client: Client, body: Any, raw: str = "") -> Any:
    return client.post(
        "/api/v1/values",
        json.dumps(body),
        content_type="application/json",
        headers=_auth(raw) if raw else {},
    )


def test_national_coordinator_uploads_rows(
    client: Client, make_user: MakeUser, indicator: None, registry: None
) -> None:
    response = _post_rows(client, ROWS, _national(make_user))
    assert response.status_code == 200, response.content
    report = response.json()
    assert (report["rows_read"], report["written"], report["replaced"]) == (3, 3, 0)
    assert report["indicators"] == ["utslipp"]
    missing = IndicatorValue.objects.get(area_code="1804", period="2022")
    assert (missing.value, missing.status) == (None, "..")
    again = _post_rows(client, ROWS, _national(make_user)).json()
    # The same values again: nothing is rewritten, and the report says so.
    assert (again["written"], again["replaced"], again["unchanged"]) == (0, 0, 3)


def test_dry_run_writes_nothing(
    client: Client, make_user: MakeUser, indicator: None, registry: None
) -> None:
    report = _post_rows(client, {**ROWS, "dry_run": True}, _national(make_user)).json()
    assert report["dry_run"] is True
    assert not IndicatorValue.objects.exists()


def test_one_bad_row_refuses_the_whole_upload(
    client: Client, make_user: MakeUser, indicator: None, registry: None
) -> None:
    body = {
        "rows": [
            *ROWS["rows"],
            {"indicator": "utslipp", "area": "9999", "period": "2023", "value": 1},
        ]
    }
    response = _post_rows(client, body, _national(make_user))
    assert response.status_code == 422
    error = response.json()
    assert error["code"] == "import_refused"
    assert error["errors"] == [
        {"field": "line 4", "message": "Rad 4: Ukjent kommunenummer «9999»."}
    ]
    assert not IndicatorValue.objects.exists()


def test_jsonstat_upload_keeps_status_symbols(
    client: Client, make_user: MakeUser, indicator: None, registry: None
) -> None:
    response = client.post(
        "/api/v1/values/jsonstat?indicator=utslipp",
        json.dumps(JSONSTAT),
        content_type="application/json",
        headers=_auth(_national(make_user)),
    )
    assert response.status_code == 200, response.content
    assert response.json()["written"] == 4
    hidden = IndicatorValue.objects.get(area_code="4621", period="2022")
    assert (hidden.value, hidden.status) == (None, ":")
    broken = client.post(
        "/api/v1/values/jsonstat?indicator=utslipp",
        json.dumps({"version": "2.0"}),
        content_type="application/json",
        headers=_auth(_national(make_user)),
    )
    assert broken.status_code == 422
    assert "JSON-stat" in broken.json()["detail"]


def test_csv_upload(client: Client, make_user: MakeUser, indicator: None, registry: None) -> None:
    response = client.post(
        "/api/v1/values/csv", CSV, content_type="text/csv", headers=_auth(_national(make_user))
    )
    assert response.status_code == 200, response.content
    assert response.json()["written"] == 2
    bad = client.post(
        "/api/v1/values/csv",
        "omrade;aar\n1804;2021\n",
        content_type="text/csv",
        headers=_auth(_national(make_user)),
    )
    assert bad.status_code == 422
    assert "Fant ikke kolonnen" in bad.json()["detail"]


UPLOADS = [
    ("/api/v1/values", json.dumps(ROWS), "application/json"),
    ("/api/v1/values/jsonstat?indicator=utslipp", json.dumps(JSONSTAT), "application/json"),
    ("/api/v1/values/csv", CSV, "text/csv"),
]


def _scope(role: Role) -> Any:
    """Each role over the widest scope it can hold short of the nation."""
    if role == Role.REGIONAL_ADVISER:
        return KsRegion.objects.get(code="nord")
    if role in (Role.MUNICIPAL_COORDINATOR, Role.PARTICIPANT):
        return Municipality.objects.get(number="1804")
    if role == Role.STATE_REPRESENTATIVE:
        return County.objects.get(number="18")
    return None


@pytest.mark.parametrize(("url", "body", "content_type"), UPLOADS)
@pytest.mark.parametrize("role", [r for r in Role if r != Role.NATIONAL_COORDINATOR])
def test_other_roles_are_refused(
    client: Client,
    make_user: MakeUser,
    indicator: None,
    registry: None,
    role: Role,
    url: str,
    body: str,
    content_type: str,
) -> None:
    raw = api_token_create(user=make_user(role, _scope(role)), name="x")[1]
    response = client.post(url, body, content_type=content_type, headers=_auth(raw))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(("url", "body", "content_type"), UPLOADS)
@pytest.mark.parametrize("header", [None, "Bearer kn_feil", "Basic abc"])
def test_anonymous_and_bad_tokens_are_refused(
    client: Client, indicator: None, url: str, body: str, content_type: str, header: str | None
) -> None:
    headers = {"Authorization": header} if header else {}
    response = client.post(url, body, content_type=content_type, headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert not IndicatorValue.objects.exists()


def test_a_body_past_the_upload_limit_is_refused_with_413(
    client: Client, make_user: MakeUser, indicator: None, settings: SettingsWrapper
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024  # follows UPLOAD_MAX_MB in the settings
    body = CSV + "utslipp;1804;2020;1;\n" * 100
    response = client.post(
        "/api/v1/values/csv", body, content_type="text/csv", headers=_auth(_national(make_user))
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert f"{settings.UPLOAD_MAX_MB} MB" in response.json()["detail"]
