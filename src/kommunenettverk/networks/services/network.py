"""Writes to a network itself and its membership, with the size rules."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from kommunenettverk.accounts.models import Role, RoleAssignment, User
from kommunenettverk.accounts.services import role_assign, role_revoke
from kommunenettverk.core.cache import public_pages_changed
from kommunenettverk.core.slugs import unique_slug
from kommunenettverk.networks.models import (
    Network,
    NetworkMembership,
)
from kommunenettverk.networks.services.common import NetworkError, today
from kommunenettverk.networks.services.registrations import (
    membership_invitations_follow,
    memberships_invitations_add,
)
from kommunenettverk.programmes.models import Participation, ParticipationStatus, Programme, Theme
from kommunenettverk.registry.models import KsRegion

# Words the network URLs use next to a network's slug (see urls.py).
RESERVED = ("ny", "mitt", "program", "kalender", "kommuner", "flytt-inn")


def _check_themes(programme: Programme, themes: list[Theme]) -> None:
    allowed = set(programme.themes.values_list("pk", flat=True))
    wrong = [theme.name for theme in themes if theme.pk not in allowed]
    if wrong:
        raise NetworkError(
            _("Temaet «%(theme)s» hører ikke til %(programme)s.")
            % {"theme": wrong[0], "programme": programme.name}
        )
    if len(themes) < programme.min_themes:
        raise NetworkError(
            _("Et nettverk i %(programme)s må velge minst %(count)s temaer (valgt: %(chosen)s).")
            % {"programme": programme.name, "count": programme.min_themes, "chosen": len(themes)}
        )


def _give_adviser_role(network: Network, adviser: User | None) -> None:
    """The network's adviser holds the regional adviser role over the network itself, so the
    permission rules (and their table) see who leads it; a former adviser loses it."""
    over_network = RoleAssignment.objects.filter(
        role=Role.REGIONAL_ADVISER,
        scope_type=ContentType.objects.get_for_model(Network),
        scope_id=network.pk,
    )
    for former in over_network.exclude(user=adviser).select_related("user"):
        role_revoke(assignment=former)
    if adviser is not None and not over_network.filter(user=adviser).exists():
        role_assign(user=adviser, role=Role.REGIONAL_ADVISER, scope=network)


@transaction.atomic
def network_save(
    *,
    network: Network | None = None,
    programme: Programme,
    ks_region: KsRegion,
    name: str,
    adviser: User | None,
    themes: Iterable[Theme],
    established_on: datetime.date,
    description: str = "",
) -> Network:
    """Create or update a network. It must choose at least the programme's minimum number of
    themes, all from the programme. Its adviser gets the adviser role over it."""
    transaction.on_commit(public_pages_changed)  # public pages show this (core/cache.py)
    themes = list(themes)
    _check_themes(programme, themes)
    if (
        network is not None
        and network.programme_id != programme.pk
        and network.memberships.exists()
    ):
        raise NetworkError(_("Et nettverk med medlemmer kan ikke flyttes til et annet program."))
    clash = Network.objects.filter(programme=programme, name__iexact=name.strip())
    if network is not None:
        clash = clash.exclude(pk=network.pk)
    if clash.exists():
        raise NetworkError(
            _("%(programme)s har allerede et nettverk som heter «%(name)s».")
            % {"programme": programme.name, "name": name}
        )
    if network is None:
        network = Network(slug=unique_slug(name, Network.objects.all(), reserved=RESERVED))
    network.programme, network.ks_region, network.name = programme, ks_region, name.strip()
    network.adviser, network.established_on, network.description = (
        adviser,
        established_on,
        description,
    )
    network.full_clean(validate_constraints=False)
    network.save()
    network.themes.set(themes)
    _give_adviser_role(network, adviser)
    return network


def network_member_count(network: Network) -> int:
    return network.memberships.filter(left_on__isnull=True).count()


@transaction.atomic
def network_add_member(
    *, network: Network, participation: Participation, joined_on: datetime.date | None = None
) -> NetworkMembership:
    """Let an active participation of the network's programme join the network. Refused
    above the programme's maximum network size; below the minimum is allowed (the network
    page warns). The new member is invited to the network's gatherings that have not started."""
    return network_add_members(
        network=network, participations=[participation], joined_on=joined_on
    )[0]


@transaction.atomic
def network_add_members(
    *,
    network: Network,
    participations: Sequence[Participation],
    joined_on: datetime.date | None = None,
) -> list[NetworkMembership]:
    """`network_add_member` for several participations at once, in order, with the same rules
    (the first one refused refuses them all) in a fixed number of queries: the memberships are
    created in bulk with their history, and the new members are invited to the network's
    gatherings that have not started."""
    transaction.on_commit(public_pages_changed)  # public pages show this (core/cache.py)
    network = Network.objects.select_for_update().select_related("programme").get(pk=network.pk)
    programme = network.programme
    elsewhere = {
        m.participation_id: m.network
        for m in NetworkMembership.objects.filter(
            participation__in=[p.pk for p in participations], left_on__isnull=True
        ).select_related("network")
    }
    size = network_member_count(network)
    memberships = []
    for participation in participations:
        name = participation.participant_name
        if participation.programme_id != programme.pk:
            raise NetworkError(
                _("%(name)s deltar ikke i %(programme)s.") % {"name": name, "programme": programme}
            )
        if participation.status != ParticipationStatus.ACTIVE:
            raise NetworkError(
                _(
                    "Bare aktive deltakere kan bli med i et nettverk; %(name)s har status "
                    "«%(status)s»."
                )
                % {"name": name, "status": participation.get_status_display()}
            )
        other = elsewhere.get(participation.pk)
        if other is not None:
            raise NetworkError(
                _("%(name)s er allerede med i nettverket %(network)s.")
                % {"name": name, "network": other.name}
            )
        if size >= programme.network_size_max:
            raise NetworkError(
                _(
                    "%(network)s har allerede %(size)s medlemmer, som er det høyeste tillatte i "
                    "%(programme)s."
                )
                % {"network": network.name, "size": size, "programme": programme.name}
            )
        membership = NetworkMembership(
            network=network, participation=participation, joined_on=joined_on or today()
        )
        # The network (locked above) and the participation are rows already read.
        membership.full_clean(exclude=["network", "participation"], validate_constraints=False)
        memberships.append(membership)
        elsewhere[participation.pk] = network
        size += 1
    created: list[NetworkMembership] = bulk_create_with_history(memberships, NetworkMembership)
    if any(m.pk is None for m in created):  # a backend that returns no keys from bulk inserts
        raise RuntimeError("bulk_create returned no primary keys")
    memberships_invitations_add(network=network, participations=list(participations))
    return created


@transaction.atomic
def network_remove_member(
    *, membership: NetworkMembership, left_on: datetime.date | None = None
) -> NetworkMembership:
    """End a membership (kept in the history with its dates); the municipality is uninvited
    from the network's coming gatherings and its registrations for them are cancelled."""
    transaction.on_commit(public_pages_changed)  # public pages show this (core/cache.py)
    if membership.left_on is not None:
        raise NetworkError(_("Kommunen har allerede gått ut av nettverket."))
    left_on = left_on or today()
    if left_on < membership.joined_on:
        raise NetworkError(_("Utmeldingsdatoen kan ikke være før innmeldingsdatoen."))
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    membership_invitations_follow(
        network=membership.network, participation=membership.participation, member=False
    )
    return membership


@transaction.atomic
def network_member_restore(*, membership: NetworkMembership) -> NetworkMembership:
    """Undo a removal made today ("Angre utmelding"): the membership goes on as if it had not
    ended, if the participation is still active and the network has room."""
    membership = NetworkMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on is None:
        raise NetworkError(_("Kommunen er fortsatt med i nettverket."))
    if membership.left_on != today():
        raise NetworkError(_("En utmelding kan bare angres samme dag."))
    if membership.participation.status != ParticipationStatus.ACTIVE:
        raise NetworkError(_("Deltakelsen er ikke aktiv lenger, så utmeldingen kan ikke angres."))
    network = membership.network
    members = network.memberships.filter(left_on__isnull=True).count()
    if members >= network.programme.network_size_max:
        raise NetworkError(_("Nettverket er fullt, så utmeldingen kan ikke angres."))
    transaction.on_commit(public_pages_changed)
    membership.left_on = None
    membership.save(update_fields=["left_on"])
    return membership


# Participation statuses that take a municipality out of its network.
LEAVING_STATUSES = (
    ParticipationStatus.PAUSED,
    ParticipationStatus.WITHDRAWN,
    ParticipationStatus.COMPLETED,
)


@transaction.atomic
def network_memberships_end(
    *, participation: Participation, left_on: datetime.date
) -> list[NetworkMembership]:
    """End the participation's current membership on `left_on` (or on the day it joined, if
    the status change is dated before that), so the network history shows when it left.
    Called when a participation is paused, withdrawn or completed (see receivers.py);
    reactivating it later does not rejoin: the adviser adds it again."""
    ended = []
    for membership in NetworkMembership.objects.select_for_update().filter(
        participation=participation, left_on__isnull=True
    ):
        membership.left_on = max(left_on, membership.joined_on)
        membership.save(update_fields=["left_on"])
        membership_invitations_follow(
            network=membership.network, participation=participation, member=False
        )
        ended.append(membership)
    return ended
