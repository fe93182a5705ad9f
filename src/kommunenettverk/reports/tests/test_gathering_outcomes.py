"""What came out of a gathering: at close-out the adviser links members' measures and
examples (only those of invited municipalities that they may see), the closed gathering's
page shows them, the network report lists closed gatherings with summary, attendance by role,
outcomes and links, and each member municipality's page shows "Det vi tok med hjem"."""

from __future__ import annotations

import datetime

import pytest
from conftest import MakeUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kommunenettverk.accounts.models import Role, User
from kommunenettverk.ideabank.tests.factories import make_example
from kommunenettverk.networks import selectors, services
from kommunenettverk.networks.models import Gathering, GatheringOutcome, Network
from kommunenettverk.networks.services import NetworkError
from kommunenettverk.networks.tests.factories import make_gathering, nord_network
from kommunenettverk.plans import services as plan_services
from kommunenettverk.plans.models import Measure
from kommunenettverk.registry.models import Municipality
from kommunenettverk.reports.builders import network_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def adviser(make_user: MakeUser) -> User:
    return make_user(Role.REGIONAL_ADVISER, email="radgiver@ks.no")


@pytest.fixture
def network(bodo: Municipality, adviser: User) -> Network:
    return nord_network(size=3, adviser=adviser)


@pytest.fixture
def gathering(network: Network) -> Gathering:
    gathering = make_gathering(network, days=5)
    past = timezone.now() - datetime.timedelta(days=2)
    Gathering.objects.filter(pk=gathering.pk).update(
        starts_at=past, ends_at=past + datetime.timedelta(hours=6)
    )
    gathering.refresh_from_db()
    return gathering


def _measure(municipality: Municipality, title: str, *, published: bool = True) -> Measure:
    goal = plan_services.goal_save(
        municipality=municipality, fields={"statement": f"Mål for {title}", "published": True}
    )
    return plan_services.measure_save(
        goal=goal,
        fields={"title": title, "dimension": "practice", "published": published},
        partners=[],
    )


def _close(gathering: Gathering, adviser: User, *, public: bool) -> None:
    services.gathering_close_out(
        gathering=gathering,
        by=adviser,
        summary="Klimaregnskap og folkehelse.",
        minutes="Referat.",
        minutes_public=public,
        outcomes="Felles mal for klimaregnskap.",
        adviser_evaluation="",
    )


def _post(client: Client, gathering: Gathering, **picks: list[int]) -> str:
    url = reverse("networks:gathering_outcomes", args=[gathering.network.slug, gathering.number])
    data = {f"outcomes-{key}": [str(pk) for pk in ids] for key, ids in picks.items()}
    return client.post(url, data, follow=True).content.decode()


def test_adviser_links_members_measures_and_examples_and_the_page_shows_them(
    client: Client, gathering: Gathering, adviser: User, bodo: Municipality, voss: Municipality
) -> None:
    buses = _measure(bodo, "Elbusser i Bodø")
    draft = make_example(bodo, status="draft", title="Klimaregnskap i tertialrapporten")
    published = make_example(bodo, title="Folkehelseoversikt med ungdom")
    outsider = _measure(voss, "Tiltak i Voss")  # Voss is not invited
    client.force_login(adviser)
    page = client.get(
        reverse("networks:gathering_close_out", args=[gathering.network.slug, gathering.number])
    ).content.decode()
    assert "Elbusser i Bodø (Bodø)" in page and "Tiltak i Voss" not in page
    assert "Klimaregnskap i tertialrapporten (Bodø, utkast)" in page

    page = _post(client, gathering, measure=[buses.pk], example=[draft.pk, published.pk])
    assert "Resultatene er lenket til samlingen." in page
    links = GatheringOutcome.objects.filter(gathering=gathering)
    assert sorted((link.kind, link.object_id) for link in links) == sorted(
        [("measure", buses.pk), ("example", draft.pk), ("example", published.pk)]
    )
    assert {link.municipality for link in links} == {bodo}

    # A measure of a municipality that is not invited is refused, and nothing changes.
    page = _post(client, gathering, measure=[buses.pk, outsider.pk])
    assert "Resultatene er lenket" not in page
    assert links.count() == 3
    with pytest.raises(NetworkError):
        services.gathering_outcomes_set(
            gathering=gathering, by=adviser, picks={"measure": [outsider.pk]}
        )

    # Unpicking removes the link; the other kind is kept.
    _post(client, gathering, measure=[], example=[published.pk])
    assert sorted(links.values_list("kind", "object_id")) == [("example", published.pk)]

    detail = client.get(gathering.get_absolute_url()).content.decode()
    assert "Folkehelseoversikt med ungdom" in detail
    assert published.get_absolute_url() in detail


def test_a_draft_example_shows_only_to_those_who_may_see_it(
    client: Client, gathering: Gathering, adviser: User, bodo: Municipality, make_user: MakeUser
) -> None:
    draft = make_example(bodo, status="draft", title="Hemmelig utkast")
    services.gathering_outcomes_set(gathering=gathering, by=adviser, picks={"example": [draft.pk]})
    participant = make_user(Role.PARTICIPANT, bodo, email="deltaker@bodo.no")
    client.force_login(participant)
    assert "Hemmelig utkast" not in client.get(gathering.get_absolute_url()).content.decode()
    client.force_login(adviser)
    assert "Hemmelig utkast" in client.get(gathering.get_absolute_url()).content.decode()


def test_linking_waits_for_the_start_and_is_for_the_networks_adviser_only(
    client: Client,
    network: Network,
    gathering: Gathering,
    bodo: Municipality,
    make_user: MakeUser,
    adviser: User,
) -> None:
    buses = _measure(bodo, "Elbusser i Bodø")
    coming = make_gathering(network, days=30)
    with pytest.raises(NetworkError, match="har startet"):
        services.gathering_outcomes_set(gathering=coming, by=adviser, picks={"measure": []})
    for user in (
        make_user(Role.MUNICIPAL_COORDINATOR, bodo, email="k@bodo.no"),
        make_user(Role.PARTICIPANT, bodo, email="d@bodo.no"),
        make_user(Role.REGIONAL_ADVISER, bodo.county.ks_region, email="kollega@ks.no"),
    ):
        # The municipality's people, and an adviser colleague in the region, are refused.
        client.force_login(user)
        url = reverse("networks:gathering_outcomes", args=[network.slug, gathering.number])
        response = client.post(url, {"outcomes-measure": [str(buses.pk)]})
        assert response.status_code == 403
    assert not GatheringOutcome.objects.filter(gathering=gathering).exists()


def test_closed_gathering_feeds_the_network_report_and_the_members_page(
    client: Client,
    gathering: Gathering,
    adviser: User,
    bodo: Municipality,
    network: Network,
) -> None:
    bodo_part = network.memberships.get(participation__municipality=bodo).participation
    services.walk_in_add(
        gathering=gathering, by=adviser, participation=bodo_part, name="Ola", role="elected"
    )
    buses = _measure(bodo, "Elbusser i Bodø")
    hidden = _measure(bodo, "Upublisert tiltak", published=False)
    services.gathering_outcomes_set(
        gathering=gathering, by=adviser, picks={"measure": [buses.pk, hidden.pk]}
    )
    municipality_url = reverse("registry:municipality_detail", args=["1804"])
    # Not closed yet: nothing taken home.
    assert "Det vi tok med hjem" not in client.get(municipality_url).content.decode()
    _close(gathering, adviser, public=False)

    report = network_report(Network.objects.get(pk=network.pk))
    section = next(s for s in report.sections if s.title == "Resultater fra avsluttede samlinger")
    summary, linked = section.tables
    assert summary.rows[0][2] == "Klimaregnskap og folkehelse."
    assert summary.rows[0][3] == 1  # one elected came (the walk-in)
    assert summary.rows[0][-1] == "Felles mal for klimaregnskap."
    assert [row[2] for row in linked.rows] == ["Elbusser i Bodø"]  # the unpublished one is not
    assert linked.rows[0][4] == buses.get_absolute_url()

    # Anonymous visitors see only gatherings with public minutes.
    assert "Det vi tok med hjem" not in client.get(municipality_url).content.decode()
    client.force_login(adviser)
    page = client.get(municipality_url).content.decode()
    assert "Det vi tok med hjem" in page
    assert "Felles mal for klimaregnskap." in page and "Elbusser i Bodø" in page
    assert "1 fra kommunen møtte." in page
    client.logout()
    Gathering.objects.filter(pk=gathering.pk).update(minutes_public=True)
    anonymous = selectors.took_home_list(bodo, Client().get("/").wsgi_request.user)
    assert [row.gathering.pk for row in anonymous] == [gathering.pk]
    assert [link.title for link in anonymous[0].links] == ["Elbusser i Bodø"]
    # Another member that took nothing of its own home still sees the gathering.
    other = network.memberships.exclude(participation__municipality=bodo).first()
    assert other is not None and other.participation.municipality is not None
    rows = selectors.took_home_list(other.participation.municipality, adviser)
    assert [row.gathering.pk for row in rows] == [gathering.pk] and rows[0].links == []
