"""The discussions' shared world: a network of Bodø and two neighbours with its adviser, a
participant in Bodø (the asker), a coordinator in the second member and an outsider."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from conftest import MakeUser

from kommunenettverk.accounts.models import Role, User
from kommunenettverk.networks.models import Network
from kommunenettverk.networks.tests.factories import nord_network
from kommunenettverk.registry.models import Municipality


@dataclass
class World:
    network: Network
    adviser: User
    asker: User  # participant in Bodø
    colleague: User  # coordinator in the second member
    outsider: User  # participant in a municipality outside the network


@pytest.fixture
def world(make_user: MakeUser) -> World:
    adviser = make_user(email="radgiver@example.org")
    network = nord_network(size=3, adviser=adviser)
    members = [m.participation.municipality for m in network.memberships.order_by("pk")]
    voss = Municipality.objects.get(number="4621")
    asker = make_user(Role.PARTICIPANT, members[0], email="dina@example.org")
    asker.full_name = "Dina Deltaker"
    asker.save()
    colleague = make_user(Role.MUNICIPAL_COORDINATOR, members[1], email="fia@example.org")
    colleague.full_name = "Fia Fauske"
    colleague.save()
    return World(network, adviser, asker, colleague, make_user(Role.PARTICIPANT, voss))
