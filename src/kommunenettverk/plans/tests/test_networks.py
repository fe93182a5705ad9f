"""Goals shared with a network, measures linked to development projects, the network's
strategy overview, and annual reports per programme."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import MakeUser
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.models import Role
from kommunenettverk.networks.models import DevelopmentProject, Network
from kommunenettverk.networks.services import project_save
from kommunenettverk.networks.tests.factories import make_network, nord_network
from kommunenettverk.plans import services
from kommunenettverk.plans.models import AnnualReport, Goal, Measure
from kommunenettverk.programmes.models import Participation, ParticipationStatus
from kommunenettverk.programmes.services import participation_set_status
from kommunenettverk.programmes.tests.factories import make_participation, make_programme
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(bodo: Municipality) -> Network:
    """A network in KS Nord-Norge with Bodø and three other Nordland municipalities."""
    return nord_network(size=4)


def _other_member(network: Network, bodo: Municipality) -> Municipality:
    member = network.memberships.exclude(participation__municipality=bodo).first()
    assert member is not None and member.participation.municipality is not None
    return member.participation.municipality


def _goal(municipality: Municipality, statement: str, **fields: Any) -> Goal:
    return services.goal_save(
        municipality=municipality, fields={"statement": statement, "published": True, **fields}
    )


def _project(network: Network, scope: str, members: list[Participation]) -> DevelopmentProject:
    return project_save(
        network=network,
        title=f"Prosjekt {scope}",
        scope=scope,
        participations=members,
        themes=[],
        goals="Mål",
    )


# --- shared goals ----------------------------------------------------------------------------


def test_goal_is_shared_only_with_a_network_the_municipality_is_in(
    network: Network, bodo: Municipality, voss: Municipality
) -> None:
    goal = _goal(bodo, "Felles klimamål", network=network)
    assert goal.network == network
    with pytest.raises(ValidationError) as refused:
        _goal(voss, "Vossamål", network=network)
    assert refused.value.message_dict["network"] == [
        f"Voss er ikke medlem av nettverket {network.name} nå. Et mål kan bare deles med et "
        "nettverk kommunen er med i."
    ]


def test_a_goal_shared_before_leaving_can_still_be_edited(
    network: Network, bodo: Municipality
) -> None:
    goal = _goal(bodo, "Felles klimamål", network=network)
    participation = Participation.objects.get(municipality=bodo, programme=network.programme)
    participation_set_status(participation=participation, status=ParticipationStatus.WITHDRAWN)
    services.goal_save(
        municipality=bodo,
        fields={"statement": "Nytt navn", "network": network, "published": True},
        goal=goal,
    )
    other = make_network(network.programme, name="Annet nettverk")
    with pytest.raises(ValidationError, match="ikke medlem av nettverket Annet nettverk"):
        services.goal_save(municipality=bodo, fields={"network": other}, goal=goal)


def test_shared_goals_are_listed_read_only_for_the_other_members(
    client: Client, make_user: MakeUser, network: Network, bodo: Municipality
) -> None:
    other = _other_member(network, bodo)
    goal = _goal(bodo, "Delt mål fra Bodø", network=network)
    _goal(bodo, "Ikke publisert delt mål", network=network, published=False)
    page = client.get(reverse("plans:strategy_overview", args=[other.number])).text
    assert "Mål delt i nettverkene kommunen er med i" in page
    assert "Delt mål fra Bodø" in page and "Ikke publisert delt mål" not in page
    # The other member's coordinator sees it but may not edit it.
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, other))
    url = reverse("plans:goal_edit", args=["1804", goal.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"statement": "Kapret"}).status_code == 403
    goal.refresh_from_db()
    assert goal.statement == "Delt mål fra Bodø"


def test_goal_form_offers_the_current_networks(
    client: Client, make_user: MakeUser, network: Network, bodo: Municipality
) -> None:
    make_network(network.programme, name="Et nettverk uten Bodø")
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    url = reverse("plans:goal_create", args=["1804"])
    page = client.get(url).text
    assert network.name in page and "Et nettverk uten Bodø" not in page
    response = client.post(
        url, {"statement": "Delt via skjema", "themes": ["climate_energy"], "network": network.pk}
    )
    assert response.status_code == 302
    assert Goal.objects.get(statement="Delt via skjema").network == network


# --- measures and development projects -------------------------------------------------------


def test_measure_links_only_to_a_project_that_includes_the_municipality(
    network: Network, bodo: Municipality
) -> None:
    members = [m.participation for m in network.memberships.all()]
    bodo_part = next(p for p in members if p.municipality_id == bodo.pk)
    others = [p for p in members if p.pk != bodo_part.pk]
    whole = _project(network, DevelopmentProject.Scope.NETWORK, [])
    theirs = _project(network, DevelopmentProject.Scope.SOME, others[:2])
    goal = _goal(bodo, "Mål")
    measure = services.measure_save(
        goal=goal,
        fields={"title": "Ladeplasser", "dimension": "practice", "development_project": whole},
        partners=[],
    )
    assert measure.development_project == whole
    with pytest.raises(ValidationError) as refused:
        services.measure_save(
            goal=goal,
            fields={"title": "Sykkel", "dimension": "practice", "development_project": theirs},
            partners=[],
        )
    assert refused.value.message_dict["development_project"] == [
        f"Utviklingsprosjektet «{theirs.title}» omfatter ikke Bodø. Velg et prosjekt kommunen "
        "er med i."
    ]


def test_project_page_lists_its_measures_and_measure_links_the_project(
    client: Client, make_user: MakeUser, network: Network, bodo: Municipality
) -> None:
    whole = _project(network, DevelopmentProject.Scope.NETWORK, [])
    goal = _goal(bodo, "Mål")
    for title, published in (("Synlig tiltak", True), ("Skjult tiltak", False)):
        services.measure_save(
            goal=goal,
            fields={
                "title": title,
                "dimension": "practice",
                "development_project": whole,
                "published": published,
            },
            partners=[],
        )
    url = whole.get_absolute_url()
    client.force_login(make_user(Role.PARTICIPANT, _other_member(network, bodo)))
    page = client.get(url).text
    assert "Tiltak knyttet til prosjektet" in page
    assert "Synlig tiltak" in page and "Skjult tiltak" not in page
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    assert "Skjult tiltak" in client.get(url).text
    measure = Measure.objects.get(title="Synlig tiltak")
    detail = client.get(measure.get_absolute_url()).text
    assert whole.title in detail and url in detail


# --- the network's strategy overview ---------------------------------------------------------


def test_network_strategy_public_and_private(
    client: Client, make_user: MakeUser, network: Network, bodo: Municipality
) -> None:
    other = _other_member(network, bodo)
    goal = _goal(bodo, "Bodømål", network=network)
    services.measure_save(
        goal=goal,
        fields={"title": "Bodøtiltak", "dimension": "plan", "published": True},
        partners=[],
    )
    _goal(other, "Upublisert nabomål", published=False)
    url = reverse("plans:network_strategy", args=[network.slug])
    public = client.get(url)
    assert public.status_code == 200
    assert "Bodømål" in public.text and "Upublisert nabomål" not in public.text
    assert "Bodø" in public.text and other.name in public.text
    # The municipal coordinator of a member sees the public version; the adviser everything.
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    assert "Upublisert nabomål" not in client.get(url).text
    client.force_login(make_user(Role.REGIONAL_ADVISER, network))
    private = client.get(url).text
    assert "Upublisert nabomål" in private and "Mål uten tiltak" in private
    assert client.get(reverse("plans:network_strategy", args=["finnes-ikke"])).status_code == 404


def test_network_strategy_downloads_count_published_goals_only(
    client: Client, make_user: MakeUser, network: Network, bodo: Municipality
) -> None:
    other = _other_member(network, bodo)
    goal = _goal(bodo, "Bodømål")
    services.measure_save(
        goal=goal,
        fields={"title": "Bodøtiltak", "dimension": "plan", "published": True},
        partners=[],
    )
    services.measure_save(
        goal=goal, fields={"title": "Skjult tiltak", "dimension": "plan"}, partners=[]
    )
    _goal(other, "Upublisert nabomål", published=False)
    url = reverse("plans:network_strategy", args=[network.slug])
    assert "last_ned=medlemmer&amp;format=csv" in client.get(url).text
    # The adviser sees unpublished goals on the page, but the files count published ones only.
    client.force_login(make_user(Role.REGIONAL_ADVISER, network))
    response = client.get(url, {"last_ned": "medlemmer", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert any(line.startswith("# Lisens: Norsk lisens for offentlige data") for line in lines)
    rows = {line.split(";")[0]: line.split(";") for line in lines if not line.startswith("#")}
    assert rows["1804"][1:4] == ["Bodø", "1", "1"]
    assert rows[other.number][2:4] == ["0", "0"]
    assert "Upublisert nabomål" not in response.text and "Skjult tiltak" not in response.text
    dataset = client.get(url, {"last_ned": "medlemmer", "format": "json-stat"}).json()
    assert dataset["version"] == "2.0"
    assert dataset["extension"]["licence"]["url"] == "https://data.norge.no/nlod/no/2.0"
    assert dataset["role"]["geo"] == ["kommune"]
    assert "1804" in dataset["dimension"]["kommune"]["category"]["index"]


def test_network_page_links_its_strategy(
    client: Client, make_user: MakeUser, network: Network
) -> None:
    client.force_login(make_user(Role.REGIONAL_ADVISER, network))
    page = client.get(network.get_absolute_url()).text
    assert reverse("plans:network_strategy", args=[network.slug]) in page


def test_network_strategy_queries_do_not_grow_with_goals(
    client: Client, network: Network, bodo: Municipality, django_assert_max_num_queries: Any
) -> None:
    other = _other_member(network, bodo)
    for n in range(20):
        for municipality in (bodo, other):
            goal = _goal(municipality, f"Mål {n}", network=network if n % 2 else None)
            services.measure_save(
                goal=goal, fields={"title": f"T{n}", "dimension": "plan"}, partners=[]
            )
    with django_assert_max_num_queries(12):
        response = client.get(reverse("plans:network_strategy", args=[network.slug]))
    assert response.status_code == 200


# --- annual reports per programme ------------------------------------------------------------


def test_one_report_per_programme_and_year(bodo: Municipality, voss: Municipality) -> None:
    first = make_participation(make_programme(), bodo)
    second = make_participation(make_programme(), bodo)
    a = services.annual_report_start(municipality=bodo, year=2026, participation=first)
    b = services.annual_report_start(municipality=bodo, year=2026, participation=second)
    assert {a.participation, b.participation} == {first, second}
    with pytest.raises(services.ReportError) as refused:
        services.annual_report_start(municipality=bodo, year=2026, participation=first)
    assert str(refused.value) == (
        f"Bodø har allerede en årsrapport for {first.programme.name} 2026. Åpne den i stedet."
    )
    with pytest.raises(services.ReportError, match="gjelder ikke Voss"):
        services.annual_report_start(municipality=voss, year=2026, participation=first)
    # A new version stays in its programme's series.
    services.annual_report_submit(report=a, user=None)  # type: ignore[arg-type]
    draft = services.annual_report_new_version(report=a)
    assert (draft.participation, draft.version) == (first, 2)
    assert AnnualReport.objects.filter(participation=second).count() == 1


def test_report_form_asks_for_the_programme(
    client: Client, make_user: MakeUser, bodo: Municipality
) -> None:
    first = make_participation(make_programme(), bodo)
    url = reverse("plans:report_list", args=["1804"])
    client.force_login(make_user(Role.REGIONAL_ADVISER, bodo))
    assert client.post(url, {"year": 2026, "participation": first.pk}).status_code == 403
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    page = client.get(url).text
    assert first.programme.name in page
    assert client.post(url, {"year": 2026, "participation": first.pk}).status_code == 302
    again = client.post(url, {"year": 2026, "participation": first.pk})
    assert "allerede en årsrapport for" in again.text
    assert AnnualReport.objects.get(municipality=bodo).participation == first
