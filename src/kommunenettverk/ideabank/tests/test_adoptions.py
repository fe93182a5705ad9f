"""Ideas that spread: take-ups recorded on measures and examples, where they landed, what the
indicators did after, and the feeds and digests that tell about them. Hand-built scenarios:
an example from Bodø taken up by its neighbour Fauske, by Hadsel (a network partner, not a
neighbour) and by Tromsø far away."""

from __future__ import annotations

import datetime

import pytest
from conftest import MakeUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kommunenettverk.accounts.models import Role
from kommunenettverk.ideabank import adoption_services, services
from kommunenettverk.ideabank.models import Adoption, Example, Subscription
from kommunenettverk.ideabank.spread import Reach
from kommunenettverk.ideabank.spread_selectors import example_adoption_rows, spread_summary
from kommunenettverk.ideabank.tests.factories import make_example
from kommunenettverk.indicators.models import GoalIndicator, IndicatorValue
from kommunenettverk.indicators.tests.factories import make_indicator
from kommunenettverk.networks.models import Network
from kommunenettverk.networks.tests.factories import make_network
from kommunenettverk.notifications.tests.outbox import delivered
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.registry.models import County, KsRegion, Municipality

pytestmark = pytest.mark.django_db


def _goal(number: str) -> Goal:
    return Goal.objects.create(
        municipality=Municipality.objects.get(number=number),
        statement=f"Mindre utslipp i {number}",
        themes=["climate_energy"],
        published=True,
    )


def _measure(number: str, title: str = "ENØK i skolene", published: bool = True) -> Measure:
    return Measure.objects.create(
        goal=_goal(number), title=title, dimension="practice", published=published
    )


def _adopt(origin: Example, number: str, year: int = 2020, **kwargs: object) -> Adoption:
    return adoption_services.adoption_record(
        origin=origin,
        measure=_measure(number, **kwargs),  # type: ignore[arg-type]
        year=year,
        what_changed=f"Endret i {number}",
        user=None,
    )


@pytest.fixture
def origin(registry: None) -> Example:
    return make_example("1804", title="ENØK i kommunale bygg i Bodø")


@pytest.fixture
def spread(origin: Example) -> list[Adoption]:
    make_network(members=[Municipality.objects.get(number=n) for n in ("1804", "1866")])
    return [
        _adopt(origin, "1841", 2019),  # Fauske: a neighbour
        _adopt(origin, "1866", 2021),  # Hadsel: the same network, no shared border
        _adopt(origin, "5501", 2022),  # Tromsø: further away
        _adopt(origin, "4621", 2022, published=False),  # Voss: not public yet
    ]


def test_take_ups_are_classed_and_only_public_ones_count(
    origin: Example, spread: list[Adoption]
) -> None:
    rows = example_adoption_rows(origin)
    assert [(r.municipality.number, r.reach, r.adoption.year) for r in rows] == [
        ("1841", Reach.NEIGHBOUR, 2019),
        ("1866", Reach.NETWORK, 2021),
        ("5501", Reach.FURTHER, 2022),
    ]
    assert rows[0].status == "Planlagt"


def test_spread_counts_for_country_county_and_network(
    origin: Example, spread: list[Adoption]
) -> None:
    make_example("5501", title="Et eksempel ingen har tatt i bruk")
    country = spread_summary()
    assert (country.total.published, country.total.taken_up, country.total.adoptions) == (2, 1, 3)
    assert (country.total.network, country.total.neighbour, country.total.further) == (1, 1, 1)
    nordland = next(g for g in country.groups if g.label == "Nordland")
    assert (nordland.published, nordland.taken_up, nordland.adoptions) == (1, 1, 3)
    troms = spread_summary(county=County.objects.get(number="55"))
    assert (troms.total.published, troms.total.adoptions) == (1, 0)
    summary = spread_summary(network=Network.objects.get())
    assert (summary.total.published, summary.total.network) == (1, 1)
    assert [g.label for g in summary.groups] == ["Bodø"]


def test_example_and_spread_pages_show_where_it_landed(
    client: Client, origin: Example, spread: list[Adoption]
) -> None:
    page = client.get(origin.get_absolute_url()).text
    assert "Tatt i bruk" in page and "Fauske" in page and "Tromsø" in page
    assert "Voss" not in page  # its measure is not published
    spread_page = client.get(reverse("ideabank:example_spread", args=[origin.pk]))
    assert spread_page.status_code == 200
    assert "kommuner.geojson" in spread_page.text  # the map
    assert "Tatt i bruk per år og avstand" in spread_page.text  # the timeline's table
    csv = client.get(
        reverse("ideabank:example_spread", args=[origin.pk]), {"last_ned": "bruk", "format": "csv"}
    ).content.decode("utf-8-sig")
    lines = [line for line in csv.splitlines() if line and not line.startswith("#")]
    assert len(lines) == 1 + 3 and "neighbour" in csv and "further" in csv  # header + rows
    overview = client.get(reverse("ideabank:spread_overview"), {"fylke": "18"})
    assert "Spredning av eksempler fra Nordland" in overview.text
    measure = spread[0].measure
    assert measure is not None
    measure_page = client.get(measure.get_absolute_url()).text
    assert "Tatt fra" in measure_page and origin.get_absolute_url() in measure_page
    assert "Endret i 1841" in measure_page


def test_use_this_example_creates_the_measure_with_the_link(
    client: Client, origin: Example, make_user: MakeUser
) -> None:
    tromso = Municipality.objects.get(number="5501")
    goal = _goal("5501")
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, tromso))
    url = reverse("ideabank:example_adopt", args=[origin.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert 'value="ENØK i kommunale bygg i Bodø"' in form.text  # the title, pre-filled
    response = client.post(
        url,
        {
            "goal": goal.pk,
            "title": "ENØK i Tromsøs skoler",
            "description": "Som i Bodø.",
            "dimension": "practice",
            "year": 2024,
            "what_changed": "Vi startet med skolene.",
        },
    )
    measure = Measure.objects.get(title="ENØK i Tromsøs skoler")
    assert response["Location"] == measure.get_absolute_url()
    adoption = Adoption.objects.get(measure=measure)
    assert (adoption.origin, adoption.municipality, adoption.year) == (origin, tromso, 2024)


def test_only_the_adopting_coordinator_records_a_take_up(
    client: Client, origin: Example, make_user: MakeUser
) -> None:
    measure = _measure("5501")
    url = reverse("ideabank:adoption_add", args=[measure.pk])
    data = {"origin": f"https://eksempel.no/idebank/eksempler/{origin.pk}/", "year": 2023}
    for user in (
        make_user(Role.MUNICIPAL_COORDINATOR, Municipality.objects.get(number="1804")),
        make_user(Role.PARTICIPANT, Municipality.objects.get(number="5501")),
        make_user(Role.NATIONAL_COORDINATOR),
        make_user(Role.REGIONAL_ADVISER, KsRegion.objects.get(code="nord")),
    ):
        client.force_login(user)
        assert client.post(url, data).status_code == 403
        assert client.get(reverse("ideabank:example_adopt", args=[origin.pk])).status_code == 403
    assert not Adoption.objects.exists()
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, measure.goal.municipality))
    client.post(url, data)
    adoption = Adoption.objects.get()
    assert (adoption.measure, adoption.year) == (measure, 2023)
    again = client.post(url, data, follow=True)
    assert "allerede registrert" in again.text
    delete = reverse("ideabank:adoption_delete", args=[adoption.pk])
    assert "Fjern lenken" in client.get(delete).text  # asks first
    client.post(delete)
    assert not Adoption.objects.exists() and Measure.objects.filter(pk=measure.pk).exists()


def test_refusals_own_and_unpublished_examples(origin: Example) -> None:
    with pytest.raises(adoption_services.AdoptionError, match="fra Bodø selv"):
        _adopt(origin, "1804")
    draft = make_example("1841", status="draft")
    with pytest.raises(adoption_services.AdoptionError, match="Bare publiserte"):
        _adopt(draft, "5501")


def test_an_example_builds_on_another(origin: Example) -> None:
    data = services.ExampleData(
        title="ENØK i Fauske",
        summary="Vi gjorde som Bodø.",
        body="Tekst.",
        themes=["climate_energy"],
        origin=origin,
        what_changed="Mindre bygg.",
    )
    fauske = Municipality.objects.get(number="1841")
    example = services.example_create(municipality=fauske, data=data, created_by=None)
    adoption = Adoption.objects.get(adopting_example=example)
    assert (adoption.origin, adoption.municipality, adoption.what_changed) == (
        origin,
        fauske,
        "Mindre bygg.",
    )
    data.origin = None
    services.example_update(example=example, data=data, user=None)
    assert not Adoption.objects.exists()


def test_the_indicator_before_and_after_adoption(client: Client, origin: Example) -> None:
    indicator = make_indicator("utslipp", name="Klimagassutslipp")
    adoption = _adopt(origin, "1841", 2019)
    measure = adoption.measure
    assert measure is not None
    GoalIndicator.objects.create(
        goal=measure.goal,
        indicator=indicator,
        baseline_year=2015,
        baseline_value=100,
        target_year=2030,
        target_value=50,
    )
    for year in range(2015, 2025):
        fauske = 100.0 if year < 2019 else 100.0 - 5 * (year - 2018)
        for number, value in (("1841", fauske), ("1804", 80.0)):
            IndicatorValue.objects.create(
                indicator=indicator,
                area_kind="K",
                area_code=number,
                period=str(year),
                year_from=year,
                year=year,
                value=value,
            )
    page = client.get(measure.get_absolute_url()).text
    assert "Virket det her?" in page
    assert "Bedre utvikling etter" in page  # Fauske: flat before, −5 a year after 2019
    assert "For få år til å si noe" in page  # Bodø: split at this year's publication
    assert "viser ikke at tiltaket var årsaken" in page


def test_feed_and_digest_tell_about_take_ups(
    client: Client, origin: Example, spread: list[Adoption]
) -> None:
    feed = client.get(reverse("ideabank:feed_region", args=["nord"])).text
    assert "Tromsø har tatt i bruk «ENØK i kommunale bygg i Bodø» fra Bodø" in feed
    assert "Voss har tatt i bruk" not in feed  # not public
    Subscription.objects.create(
        email="les@example.org",
        region=KsRegion.objects.get(code="nord"),
        confirmed_at=timezone.now() - datetime.timedelta(days=1),
    )
    assert services.digests_send() == 1
    assert "Fauske har tatt i bruk «ENØK i kommunale bygg i Bodø» fra Bodø" in delivered()[-1].body
