"""No private data in any public API response or open data file: with the whole demo loaded,
every public GET operation of the schema is called (lists page by page, details for every
object, including unpublished ones), and every open data table listed on the open data page
is downloaded as CSV and JSON-stat. No response may contain a string that only signed-in users
with the right role may see: unpublished goals, measures and examples, drafts, registrations,
minutes, evaluations, personal emails and phones, contact persons, citizens, proposals waiting
for moderation and volunteer sign-ups. The files must also carry licence and attribution, and
the JSON-stat files must be well formed (read back with indicators/jsonstat.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.demo import DEMO_DOMAIN
from kommunenettverk.accounts.models import User
from kommunenettverk.api.views import OPEN_TABLES
from kommunenettverk.community.models import Citizen, Proposal, SignUp
from kommunenettverk.ideabank.models import Example
from kommunenettverk.indicators import jsonstat
from kommunenettverk.networks.models import Evaluation, Gathering, Network, Registration
from kommunenettverk.plans import services as plan_services
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.programmes.models import Participation, Programme
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_module: None, db: None) -> None:
    """The demo scenario (loaded once for the module, see tests/conftest.py)."""


def _private_strings() -> set[str]:
    public = {
        *Goal.objects.published().values_list("statement", flat=True),
        *Measure.objects.published().values_list("title", flat=True),
        *Example.objects.published().values_list("title", flat=True),
        *Example.objects.published().values_list("summary", flat=True),
        *User.objects.filter(led_networks__isnull=False).values_list("full_name", flat=True),
        # Minutes the adviser made public after closing the gathering.
        *Gathering.objects.filter(closed_at__isnull=False, minutes_public=True).values_list(
            "minutes", flat=True
        ),
    }
    private: set[str] = set()
    private.update(Goal.objects.filter(published=False).values_list("statement", flat=True))
    private.update(
        Measure.objects.exclude(pk__in=Measure.objects.published()).values_list("title", flat=True)
    )
    drafts = Example.objects.exclude(status=Example.Status.PUBLISHED)
    private.update(drafts.values_list("title", flat=True))
    private.update(drafts.values_list("summary", flat=True))
    for field in ("contact_name", "contact_email", "contact_phone"):
        private.update(Example.objects.values_list(field, flat=True))
    private.update(Registration.objects.values_list("name", flat=True))
    private.update(Gathering.objects.values_list("minutes", flat=True))
    private.update(Evaluation.objects.values_list("comment", flat=True))
    private.update(Gathering.objects.values_list("adviser_evaluation", flat=True))
    private.update(User.objects.values_list("email", flat=True))
    for field in ("contact_elected", "contact_manager", "contact_professional"):
        private.update(Participation.objects.values_list(field, flat=True))
    private.update(Citizen.objects.values_list("email", flat=True))
    private.update(Proposal.objects.values_list("text", flat=True))
    for field in ("name", "email", "phone"):
        private.update(SignUp.objects.values_list(field, flat=True))
    # Short strings (a first name, "Ja") could occur by chance in public text.
    return {s for s in private - public if s and len(s) >= 8}


def _get_all_pages(client: Client, url: str, *, max_pages: int = 50) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for page in range(1, max_pages + 1):
        response = client.get(url, {"page": page, "page_size": 1000})
        assert response.status_code == 200, (url, response.content[:300])
        body = response.json()
        items.extend(body["items"])
        if len(items) >= body["count"] or not body["items"]:
            break
    return items


def test_no_private_data_in_public_api_responses(client: Client, demo: None) -> None:
    private = _private_strings()
    assert len(private) > 20, "the demo should hold private data for this test to mean anything"
    assert Registration.objects.exists() and SignUp.objects.exists()
    assert Example.objects.exclude(status=Example.Status.PUBLISHED).exists()
    assert Goal.objects.filter(published=False).exists()

    responses: dict[str, str] = {}
    called: set[str] = set()

    def get(template: str, url: str, *, ok: tuple[int, ...] = (200,)) -> None:
        response = client.get(url)
        assert response.status_code in ok, (url, response.status_code)
        responses[url] = response.content.decode()
        called.add(template)

    for template in (
        "/api/v1/municipalities",
        "/api/v1/code-changes",
        "/api/v1/programmes",
        "/api/v1/networks",
        "/api/v1/gatherings",
        "/api/v1/indicators",
    ):
        responses[template] = str(_get_all_pages(client, template))
        called.add(template)
    responses["/api/v1/values"] = str(_get_all_pages(client, "/api/v1/values", max_pages=1))
    called.add("/api/v1/values")
    get("/api/v1/examples", "/api/v1/examples?q=klima")
    get("/api/v1/counties", "/api/v1/counties")
    get("/api/v1/codes/{code}/current", "/api/v1/codes/1804/current")
    get("/api/v1/municipalities/{number}", "/api/v1/municipalities/1804")
    for number in Goal.objects.values_list("municipality__number", flat=True).distinct():
        get("/api/v1/municipalities/{number}/goals", f"/api/v1/municipalities/{number}/goals")
    for measure in Measure.objects.all():
        get("/api/v1/measures/{measure_id}", f"/api/v1/measures/{measure.pk}", ok=(200, 404))
    for example in Example.objects.all():
        get("/api/v1/examples/{example_id}", f"/api/v1/examples/{example.pk}", ok=(200, 404))
    for programme in Programme.objects.all():
        get("/api/v1/programmes/{slug}", f"/api/v1/programmes/{programme.slug}")
    for network in Network.objects.all():
        get("/api/v1/networks/{slug}", f"/api/v1/networks/{network.slug}")
    for gathering in Gathering.objects.select_related("network"):
        get(
            "/api/v1/networks/{slug}/gatherings/{number}",
            f"/api/v1/networks/{gathering.network.slug}/gatherings/{gathering.number}",
        )
    for code in client.get("/api/v1/indicators").json()["items"][:5]:
        get("/api/v1/indicators/{code}", f"/api/v1/indicators/{code['code']}")

    schema = client.get("/api/openapi.json").json()
    public_gets = {
        path
        for path, methods in schema["paths"].items()
        if "get" in methods and not methods["get"].get("security")
    }
    assert public_gets - called == set(), "crawl these public endpoints too"

    leaks = [
        (url, secret) for url, text in responses.items() for secret in private if secret in text
    ]
    assert not leaks, leaks[:10]


def _check_jsonstat(doc: dict[str, Any]) -> None:
    """A well-formed JSON-stat 2.0 dataset with licence and attribution; read back with our own
    reader when it has area and time dimensions."""
    assert doc["version"] == "2.0" and doc["class"] == "dataset"
    assert len(doc["id"]) == len(doc["size"])
    total = 1
    for dim_id, size in zip(doc["id"], doc["size"], strict=True):
        assert len(doc["dimension"][dim_id]["category"]["index"]) == size
        total *= size
    assert all(0 <= int(k) < total for k in doc["value"])
    for k in doc.get("status", {}):
        assert doc["value"][k] is None, "a cell with a status symbol has no value"
    assert doc["extension"]["licence"]["name"] and doc["extension"]["licence"]["url"]
    assert doc["extension"]["attribution"]
    assert any(note.startswith("Lisens:") for note in doc["note"])
    if {"geo", "time"} <= set(doc["role"]):
        dataset = jsonstat.parse(doc, select={})
        assert dataset.frame.height == total


def test_open_data_files_carry_licence_and_no_private_data(client: Client, demo: None) -> None:
    private = _private_strings()
    page = client.get(reverse("opendata:index"))
    assert page.status_code == 200
    for title, name, args, slug in OPEN_TABLES:
        url = reverse(name, args=[args] if args else [])
        html = client.get(url).content.decode()
        assert f"last_ned={slug}&amp;format=csv" in html, (title, url)
        csv_response = client.get(url, {"last_ned": slug, "format": "csv"})
        assert csv_response.status_code == 200, (title, url)
        assert csv_response["Content-Disposition"].startswith("attachment;")
        text = csv_response.content.decode("utf-8-sig")
        assert "# Lisens: " in text and "# Kreditering: " in text, title
        response = client.get(url, {"last_ned": slug, "format": "json-stat"})
        assert response.status_code == 200, (title, url)
        doc = json.loads(response.content)
        _check_jsonstat(doc)
        for body in (text, response.content.decode()):
            leaks = [secret for secret in private if secret in body]
            assert not leaks, (title, leaks[:5])


def test_a_coordinator_downloads_only_published_goals(client: Client, demo: None) -> None:
    """The goal page shows a coordinator their drafts; the open data file never does."""
    coordinator = User.objects.get(email=f"koordinator.bodo@{DEMO_DOMAIN}")
    client.force_login(coordinator)
    url = reverse("plans:strategy_overview", args=["1804"])
    bodo = Municipality.objects.get(number="1804")
    plan_services.goal_save(municipality=bodo, fields={"statement": "Utkast til nytt klimamål"})
    assert "Utkast til nytt klimamål" in client.get(url).content.decode()
    text = client.get(url, {"last_ned": "mal-og-tiltak", "format": "csv"}).content.decode()
    assert "Utkast til nytt klimamål" not in text
    published = Goal.objects.published().filter(municipality=bodo).first()
    assert published is not None
    assert published.statement in text
