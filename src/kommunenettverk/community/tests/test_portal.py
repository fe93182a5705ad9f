"""The public municipality portal: published data only, bounded queries, linked from the
municipality page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from kommunenettverk.accounts.models import User
from kommunenettverk.community import services
from kommunenettverk.community.models import Activity, Consultation, Partner
from kommunenettverk.plans import services as plan_services
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db

PORTAL = reverse("community:portal", args=["1804"])


def test_portal_shows_published_goals_and_measures_with_status(
    client: Client, goal: Goal, hidden_goal: Goal, measure: Measure
) -> None:
    plan_services.measure_save(
        goal=goal,
        fields={"title": "Skjult tiltak", "dimension": "plan", "published": False},
        partners=[],
    )
    response = client.get(PORTAL)
    assert response.status_code == 200
    assert "Mer sykling i Bodø" in response.text
    assert "Sykkelveier langs fjorden" in response.text
    assert "Planlagt" in response.text  # the measure's status
    assert "Hemmelig utkast" not in response.text
    assert "Skjult tiltak" not in response.text


def test_portal_shows_consultations_activities_and_partners(
    client: Client, consultation: Consultation, activity: Activity, bodo: Municipality
) -> None:
    partner = services.partner_save(
        name="Grønn Hverdag", kind="partner", level=Partner.Level.NATIONAL, description="Forbruk"
    )
    services.partnership_save(
        municipality=bodo,
        fields={
            "partner": partner,
            "theme": "Bytte-dager",
            "purpose": "Gjenbruk",
            "starts_on": activity.starts_at.date(),
            "contact": "Miljørådgiver",
        },
    )
    text = client.get(PORTAL).text
    assert "Nye sykkelveier" in text
    assert "Stirydding" in text
    assert "2 ledige plasser" in text
    assert "Stiryddergruppa" in text
    assert "Grønn Hverdag" in text and "Bytte-dager" in text


def test_portal_is_linked_from_the_municipality_page(client: Client, bodo: Municipality) -> None:
    page = client.get(reverse("registry:municipality_detail", args=["1804"])).text
    assert f'href="{PORTAL}"' in page


def test_portal_queries_do_not_grow_with_data(
    client: Client,
    goal: Goal,
    measure: Measure,
    activity: Activity,
    consultation: Consultation,
    django_assert_max_num_queries: object,
) -> None:
    for n in range(8):
        g = plan_services.goal_save(
            municipality=goal.municipality, fields={"statement": f"Mål {n}", "published": True}
        )
        plan_services.measure_save(
            goal=g, fields={"title": f"T{n}", "dimension": "plan", "published": True}, partners=[]
        )
        services.activity_save(
            arena=activity.arena,
            fields={
                "title": f"A{n}",
                "starts_at": activity.starts_at,
                "duration_hours": 2,
                "place": "X",
                "capacity": 3,
            },
        )
    with django_assert_max_num_queries(20):  # type: ignore[operator]  # pytest-django fixture
        assert client.get(PORTAL).status_code == 200


def test_unknown_municipality_is_404(client: Client) -> None:
    assert client.get(reverse("community:portal", args=["9999"])).status_code == 404


def test_portal_shows_indicators_and_published_examples_only(client: Client) -> None:
    from kommunenettverk.ideabank.tests.factories import make_example
    from kommunenettverk.indicators.demo import demo_indicators_load

    demo_indicators_load()
    make_example("1804", title="Publisert eksempel fra Bodø")
    make_example("1804", status="draft", title="Hemmelig utkast fra Bodø")
    response = client.get(PORTAL)
    assert "Slik går det" in response.text
    assert reverse("indicators:municipality", args=["1804"]) in response.text
    assert response.text.count("/indikatorer/kommuner/1804/") >= 2  # at least one indicator row
    # The table's download is the indicator overview's.
    assert "/indikatorer/kommuner/1804/?last_ned=oversikt&amp;format=json-stat" in response.text
    assert "Publisert eksempel fra Bodø" in response.text
    assert "Hemmelig utkast fra Bodø" not in response.text


def _portal_queries(client: Client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(PORTAL).status_code == 200
    return len(queries)


def _grow(bodo: Municipality, activity: Activity, n: int) -> None:
    """More of everything the portal shows: goals with measures, activities, arenas with
    organisations, partnerships, approved proposals, published examples."""
    import datetime

    from kommunenettverk.accounts.models import Organisation
    from kommunenettverk.ideabank.tests.factories import make_example

    for i in range(n):
        goal = plan_services.goal_save(
            municipality=bodo, fields={"statement": f"Vekstmål {i}", "published": True}
        )
        for j in range(2):
            plan_services.measure_save(
                goal=goal,
                fields={"title": f"Tiltak {i}.{j}", "dimension": "plan", "published": True},
                partners=[],
            )
        club = Organisation.objects.create(name=f"Lag {i}", kind=Organisation.Kind.VOLUNTARY)
        arena = services.arena_save(
            municipality=bodo,
            fields={"name": f"Arena {i}", "description": "D", "place": "P"},
            organisations=[club],
        )
        services.activity_save(
            arena=arena,
            fields={
                "title": f"Aktivitet {i}",
                "starts_at": activity.starts_at + datetime.timedelta(days=i),
                "duration_hours": 2,
                "place": "X",
                "capacity": 3,
            },
        )
        partner = services.partner_save(
            name=f"Partner {i}", kind="partner", level="national", description="D"
        )
        services.partnership_save(
            municipality=bodo,
            fields={
                "partner": partner,
                "theme": f"Tema {i}",
                "purpose": "F",
                "starts_on": datetime.date(2024, 1, 1),
                "contact": "K",
            },
        )
        make_example(bodo, title=f"Eksempel {i}")


def test_portal_runs_the_same_number_of_queries_whatever_the_data(
    client: Client, goal: Goal, measure: Measure, activity: Activity, bodo: Municipality
) -> None:
    from kommunenettverk.indicators.demo import demo_indicators_load

    demo_indicators_load()
    before = _portal_queries(client)
    _grow(bodo, activity, 6)
    after = _portal_queries(client)
    assert after == before
    assert after <= 20


@pytest.fixture
def page_cache() -> Iterator[None]:
    cache.clear()
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=60):
        yield
    cache.clear()


def test_anonymous_visitors_get_the_cached_portal_and_changes_show_at_once(
    page_cache: None,
    goal: Goal,
    bodo: Municipality,
    django_assert_num_queries: Callable[..., Any],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    from kommunenettverk.ideabank.tests.factories import make_example

    first = Client().get(PORTAL).text
    assert "Mer sykling i Bodø" in first
    with django_assert_num_queries(0):
        assert Client().get(PORTAL).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.goal_save(
            municipality=bodo, fields={"statement": "Nytt mål om skog", "published": True}
        )
    assert "Nytt mål om skog" in Client().get(PORTAL).text
    with django_capture_on_commit_callbacks(execute=True):
        make_example(bodo, title="Nylig publisert eksempel")
    assert "Nylig publisert eksempel" in Client().get(PORTAL).text


def test_signed_in_coordinator_is_not_served_the_cached_page(
    page_cache: None, goal: Goal, coordinator: User
) -> None:
    Client().get(PORTAL)  # fills the cache for anonymous visitors
    signed_in = Client()
    signed_in.force_login(coordinator)
    assert reverse("community:moderation", args=["1804"]) in signed_in.get(PORTAL).text


# --- open data -------------------------------------------------------------------------------


def _csv_rows(response: Any) -> tuple[list[str], list[list[str]]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    comments = [line for line in lines if line.startswith("#")]
    rows = [line.split(";") for line in lines if not line.startswith("#")]
    return comments, rows[1:]


def test_portal_activities_and_partnerships_download_without_personal_data(
    client: Client, activity: Activity, bodo: Municipality, voss: Municipality
) -> None:
    services.sign_up_create(activity=activity, name="Ola Frivillig", email="ola@example.org")
    partner = services.partner_save(
        name="Grønn Hverdag", kind="partner", level=Partner.Level.NATIONAL, description="Forbruk"
    )
    for municipality, theme in ((bodo, "Bytte-dager"), (voss, "Vossatema")):
        services.partnership_save(
            municipality=municipality,
            fields={
                "partner": partner,
                "theme": theme,
                "purpose": "Gjenbruk",
                "starts_on": activity.starts_at.date(),
                "contact": "Miljørådgiver",
            },
        )
    page = client.get(PORTAL).text
    assert "last_ned=aktiviteter&amp;format=csv" in page
    assert "last_ned=partnerskap&amp;format=json-stat" in page
    # The goals link to their download on the strategy overview (the indicators likewise,
    # see test_portal_shows_indicators_and_published_examples_only).
    assert reverse("plans:strategy_overview", args=["1804"]) + "?last_ned=mal-og-tiltak" in page

    response = client.get(PORTAL, {"last_ned": "aktiviteter", "format": "csv"})
    comments, rows = _csv_rows(response)
    assert any(c.startswith("# Lisens: Norsk lisens for offentlige data") for c in comments)
    assert [(r[1], r[2], r[3], r[7], r[8]) for r in rows] == [
        ("Stirydding", "Stiryddergruppa", "1804", "2", "1")
    ]
    assert "Ola Frivillig" not in response.text and "ola@example.org" not in response.text
    dataset = client.get(PORTAL, {"last_ned": "aktiviteter", "format": "json-stat"}).json()
    assert dataset["version"] == "2.0" and dataset["extension"]["licence"]["name"]

    response = client.get(PORTAL, {"last_ned": "partnerskap", "format": "csv"})
    comments, rows = _csv_rows(response)
    assert any(c.startswith("# Kreditering: ") for c in comments)
    assert [(r[1], r[3], r[4]) for r in rows] == [("1804", "Grønn Hverdag", "Bytte-dager")]
    assert "Miljørådgiver" not in response.text  # the contact may name a person: left out
    dataset = client.get(PORTAL, {"last_ned": "partnerskap", "format": "json-stat"}).json()
    assert dataset["version"] == "2.0"
    assert len(dataset["dimension"]["partnerskap"]["category"]["index"]) == 1

    # The same partner's page lists both municipalities' partnerships.
    response = client.get(partner.get_absolute_url(), {"last_ned": "partnerskap"})
    _, rows = _csv_rows(response)
    assert sorted(r[4] for r in rows) == ["Bytte-dager", "Vossatema"]
    assert "last_ned=partnerskap&amp;format=csv" in client.get(partner.get_absolute_url()).text


def test_arena_activities_download(client: Client, activity: Activity) -> None:
    url = activity.arena.get_absolute_url()
    assert "last_ned=aktiviteter&amp;format=json-stat" in client.get(url).text
    _, rows = _csv_rows(client.get(url, {"last_ned": "aktiviteter", "format": "csv"}))
    assert [r[1] for r in rows] == ["Stirydding"]
    dataset = client.get(url, {"last_ned": "aktiviteter", "format": "json-stat"}).json()
    assert dataset["version"] == "2.0"
    assert dataset["value"]  # one activity, a value per value column
