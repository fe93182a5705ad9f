"""Examples linked to the network and development project they came out of."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import MakeUser
from django.test import Client
from django.urls import reverse

from kommunenettverk.accounts.models import Role
from kommunenettverk.ideabank import services
from kommunenettverk.ideabank.tests.factories import make_example
from kommunenettverk.networks.models import DevelopmentProject, Network
from kommunenettverk.networks.services import project_save
from kommunenettverk.networks.tests.factories import make_network, nord_network
from kommunenettverk.registry.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(registry: None) -> Network:
    return nord_network(size=4)


def _project(network: Network, scope: str = "network", **kwargs: Any) -> DevelopmentProject:
    return project_save(
        network=network,
        title=kwargs.pop("title", "Felles klimaplan"),
        scope=scope,
        participations=kwargs.pop("participations", []),
        themes=[],
        goals="Felles mål",
    )


def test_example_links_network_and_project_and_shows_them(client: Client, network: Network) -> None:
    project = _project(network)
    example = make_example(
        "1804", title="Klimaplan i Salten", network=network, development_project=project
    )
    assert (example.network, example.development_project) == (network, project)
    page = client.get(example.get_absolute_url()).text
    assert network.get_absolute_url() in page and project.get_absolute_url() in page


def test_network_follows_from_the_project(network: Network) -> None:
    project = _project(network)
    example = make_example("1804", development_project=project)
    assert example.network == network


def test_project_of_another_network_is_refused(network: Network) -> None:
    bodo = Municipality.objects.get(number="1804")
    other = make_network(network.programme, members=[], name="Annet nettverk")
    project = _project(other, title="Fremmed prosjekt")
    with pytest.raises(services.ExampleError, match="hører ikke til nettverket"):
        make_example(bodo, network=network, development_project=project)


def test_network_without_the_municipality_is_refused(network: Network) -> None:
    with pytest.raises(services.ExampleError, match="er ikke med i nettverket"):
        make_example("4621", network=network)


def test_project_without_the_municipality_is_refused(network: Network) -> None:
    others = list(network.memberships.select_related("participation"))[1:2]
    project = _project(network, scope="one", participations=[others[0].participation])
    with pytest.raises(services.ExampleError, match="er ikke med i utviklingsprosjektet"):
        make_example("1804", development_project=project)


def test_network_adviser_reaches_the_example(make_user: MakeUser, network: Network) -> None:
    voss_adviser_on_network = make_user(Role.REGIONAL_ADVISER, network)
    example = make_example("1804", status="in_review", network=network)
    assert voss_adviser_on_network.has_perm("ideabank.review_example", example)
    unlinked = make_example("1804", status="in_review", title="Uten nettverk")
    assert not voss_adviser_on_network.has_perm("ideabank.review_example", unlinked)


def test_network_and_project_pages_list_published_examples_only(
    client: Client, make_user: MakeUser, network: Network
) -> None:
    project = _project(network)
    make_example("1804", title="Publisert fra nettverket", network=network)
    make_example("1804", title="Publisert fra prosjektet", development_project=project)
    make_example("1804", title="Utkast fra nettverket", status="draft", network=network)
    client.force_login(make_user())
    network_page = client.get(network.get_absolute_url()).text
    assert "Eksempler i idébanken" in network_page
    assert "Publisert fra nettverket" in network_page
    assert "Publisert fra prosjektet" in network_page  # the project's network is the network
    assert "Utkast fra nettverket" not in network_page
    project_page = client.get(project.get_absolute_url()).text
    assert "Publisert fra prosjektet" in project_page
    assert "Publisert fra nettverket" not in project_page


def test_form_offers_only_the_municipalitys_networks_and_saves_the_link(
    client: Client, make_user: MakeUser, network: Network, bodo: Municipality
) -> None:
    project = _project(network)
    make_network(network.programme, members=[], name="Nettverk uten Bodø")
    client.force_login(make_user(Role.MUNICIPAL_COORDINATOR, bodo))
    page = client.get(reverse("ideabank:example_create")).text
    assert network.name in page and "Nettverk uten Bodø" not in page
    response = client.post(
        reverse("ideabank:example_create"),
        {
            "municipality": bodo.pk,
            "title": "Fra skjemaet",
            "summary": "Kort.",
            "body": "Lang.",
            "themes": ["climate_energy"],
            "show_contact_name": "on",
            "network": network.pk,
            "development_project": project.pk,
        },
    )
    assert response.status_code == 302
    example = project.examples.get()
    assert (example.title, example.network) == ("Fra skjemaet", network)
