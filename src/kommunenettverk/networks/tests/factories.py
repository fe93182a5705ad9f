"""Builders for network test data."""

from __future__ import annotations

import datetime

from django.utils import timezone

from kommunenettverk.accounts.models import User
from kommunenettverk.networks import services
from kommunenettverk.networks.models import Gathering, Network
from kommunenettverk.programmes.models import Participation, Programme
from kommunenettverk.programmes.tests.factories import (
    make_participation,
    make_programme,
    municipalities,
)
from kommunenettverk.registry.models import KsRegion, Municipality


def make_network(
    programme: Programme | None = None,
    *,
    members: list[Municipality] | None = None,
    adviser: User | None = None,
    region: str = "nord",
    name: str = "",
) -> Network:
    programme = programme or make_programme()
    network = services.network_save(
        programme=programme,
        ks_region=KsRegion.objects.get(code=region),
        name=name or f"Nettverk {Network.objects.count() + 1}",
        adviser=adviser,
        themes=list(programme.themes.all()[:2]),
        established_on=datetime.date(2007, 4, 1),
    )
    for municipality in members or []:
        participation = Participation.objects.filter(
            programme=programme, municipality=municipality
        ).first() or make_participation(programme, municipality)
        services.network_add_member(
            network=network, participation=participation, joined_on=datetime.date(2007, 5, 1)
        )
    return network


def nord_network(*, size: int = 4, adviser: User | None = None) -> Network:
    """A network in KS Nord-Norge whose first member is Bodø."""
    bodo = Municipality.objects.get(number="1804")
    others = [m for m in municipalities("18", size + 1) if m.number != "1804"][: size - 1]
    return make_network(members=[bodo, *others], adviser=adviser)


def make_gathering(network: Network, *, days: int = 10) -> Gathering:
    start = timezone.now() + datetime.timedelta(days=days)
    return services.gathering_create(
        network=network,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        place="Bodø rådhus",
        title="Klima og arealplanlegging",
    )
