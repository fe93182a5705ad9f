"""The programme dashboard and the adviser's overview: counts over a programme's
participations and networks, optionally within one KS region. Re-exported by selectors."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunenettverk.accounts.models import User
from kommunenettverk.networks.models import Gathering, Network, NetworkMembership
from kommunenettverk.networks.selectors import (
    SizeCheck,
    gathering_list,
    network_list,
    network_size_check,
    network_theme_check,
)
from kommunenettverk.programmes.models import (
    Participation,
    ParticipationStatus,
    ParticipationStatusChange,
    Programme,
)
from kommunenettverk.programmes.selectors import participation_statuses_on
from kommunenettverk.registry.models import KsRegion


def _in_region(region: KsRegion | None, prefix: str = "") -> Q:
    """Participations (through `prefix`) of a municipality or county municipality in `region`;
    everything when `region` is None."""
    if region is None:
        return Q()
    return Q(**{f"{prefix}municipality__county__ks_region": region}) | Q(
        **{f"{prefix}county__ks_region": region}
    )


def network_count_on(
    programme: Programme, on: datetime.date, *, region: KsRegion | None = None
) -> int:
    """Networks of the programme established on or before `on` with a member on that date."""
    networks = Network.objects.filter(programme=programme, established_on__lte=on)
    if region is not None:
        networks = networks.filter(ks_region=region)
    return (
        networks.filter(
            Q(memberships__joined_on__lte=on)
            & (Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gt=on))
        )
        .distinct()
        .count()
    )


@dataclass
class GroupRow:
    """One row of the dashboard's region or theme table, with the key its lists filter by."""

    name: str
    participants: int
    networks: int
    key: str  # the KS region's code or the theme's slug ("" for participants without region)


@dataclass
class ProgrammeDashboard:
    """Numbers for the programme dashboard; every list is computed in a bounded number of
    queries whatever the number of participations."""

    on: datetime.date
    region: KsRegion | None
    status_counts: dict[str, int]
    network_count: int
    over_time: list[tuple[datetime.date, int, int]]  # (date, active participations, networks)
    by_region: list[GroupRow]  # active participations (on the date) and networks per region
    by_theme: list[GroupRow]  # active participations and networks per theme
    missing_decision: list[Participation]
    outside_range: list[tuple[Network, SizeCheck]]
    upcoming: list[Gathering]

    @property
    def is_today(self) -> bool:
        """Counts on today's date match the lists they link to (which show today's status)."""
        return self.on == timezone.localdate()


def _year_starts(programme: Programme, today: datetime.date) -> list[datetime.date]:
    last = min(programme.ends_on or today, today)
    return [datetime.date(y, 1, 1) for y in range(programme.starts_on.year, last.year + 1)] + [last]


def programme_dashboard(
    programme: Programme, on: datetime.date, *, region: KsRegion | None = None
) -> ProgrammeDashboard:
    """The programme's participations by status on `on`, active participants and networks
    over time (each 1 January and the last day), by KS region and theme, participations
    missing a political decision, networks outside the size range and coming gatherings.
    With `region`, only participants and networks in that KS region count."""
    today = timezone.localdate()
    participations = list(
        Participation.objects.filter(_in_region(region), programme=programme)
        .select_related("municipality__county__ks_region", "county__ks_region")
        .prefetch_related("themes")
    )
    in_scope = {p.pk for p in participations}
    statuses = {
        pid: s for pid, s in participation_statuses_on(programme, on).items() if pid in in_scope
    }
    status_counts = dict.fromkeys(ParticipationStatus.values, 0)
    for status in statuses.values():
        status_counts[status] += 1
    # Over time: one pass over the status history and the memberships.
    changes = list(
        ParticipationStatusChange.objects.filter(
            _in_region(region, "participation__"), participation__programme=programme
        )
        .order_by("changed_on", "pk")
        .values_list("participation_id", "status", "changed_on")
    )
    memberships = NetworkMembership.objects.filter(network__programme=programme)
    if region is not None:
        memberships = memberships.filter(network__ks_region=region)
    spans = list(memberships.values_list("network_id", "joined_on", "left_on"))
    over_time = []
    for point in sorted(set(_year_starts(programme, today))):
        state: dict[int, str] = {}
        for pid, status, changed_on in changes:
            if changed_on <= point:
                state[pid] = status
        active = sum(1 for s in state.values() if s == ParticipationStatus.ACTIVE)
        network_ids = {
            nid for nid, joined, left in spans if joined <= point and (left is None or left > point)
        }
        over_time.append((point, active, len(network_ids)))
    networks_qs = network_list(programme=programme)
    if region is not None:
        networks_qs = networks_qs.filter(ks_region=region)
    networks = list(networks_qs.prefetch_related("themes"))
    active_ids = {pid for pid, s in statuses.items() if s == ParticipationStatus.ACTIVE}
    regions: dict[str, GroupRow] = {}
    for p in participations:
        county = p.municipality.county if p.municipality else p.county
        ks = county.ks_region if county else None
        name, code = (ks.name, ks.code) if ks else (_("Uten region"), "")
        regions.setdefault(name, GroupRow(name, 0, 0, code)).participants += p.pk in active_ids
    for n in networks:
        row = regions.setdefault(n.ks_region.name, GroupRow(n.ks_region.name, 0, 0, ""))
        row.networks += 1
        row.key = n.ks_region.code
    themes: dict[str, GroupRow] = {}
    for p in participations:
        if p.pk in active_ids:
            for t in p.themes.all():
                themes.setdefault(t.name, GroupRow(t.name, 0, 0, t.slug)).participants += 1
    for n in networks:
        for t in n.themes.all():
            themes.setdefault(t.name, GroupRow(t.name, 0, 0, t.slug)).networks += 1
    occupying = {
        ParticipationStatus.APPLIED,
        ParticipationStatus.ACTIVE,
        ParticipationStatus.PAUSED,
    }
    checks = [(n, network_size_check(n)) for n in networks]
    return ProgrammeDashboard(
        on=on,
        region=region,
        status_counts=status_counts,
        network_count=network_count_on(programme, on, region=region),
        over_time=over_time,
        by_region=sorted(regions.values(), key=lambda r: r.name),
        by_theme=sorted(themes.values(), key=lambda r: r.name),
        missing_decision=sorted(
            (p for p in participations if p.decision_date is None and p.status in occupying),
            key=lambda p: p.participant_name,
        ),
        outside_range=[(n, c) for n, c in checks if not c.ok],
        upcoming=list(gathering_list(upcoming=True, networks=networks_qs)[:20]),
    )


@dataclass
class AdviserDashboard:
    networks: list[tuple[Network, SizeCheck, str]]  # (network, size check, theme warning)
    ended_count: int  # the adviser's networks whose programme is over
    include_ended: bool
    pending: list[Participation]
    missing_decision: list[Participation]
    upcoming: list[Gathering]


def adviser_dashboard(user: User, *, include_ended: bool = False) -> AdviserDashboard:
    """The adviser's running networks (with `include_ended`, those whose programme is over
    too) with their warnings, applications waiting in the adviser's regions, members missing
    a political decision, and the networks' coming gatherings."""
    every = list(network_list(adviser=user).prefetch_related("themes"))
    today = timezone.localdate()
    ended = {n.pk for n in every if n.programme.ends_on is not None and n.programme.ends_on < today}
    networks = every if include_ended else [n for n in every if n.pk not in ended]
    participations = [
        p
        for p in Participation.objects.filter(
            status__in=[ParticipationStatus.APPLIED, ParticipationStatus.ACTIVE]
        ).select_related("programme", "municipality__county__ks_region", "county__ks_region")
        if user.has_perm("programmes.approve_participation", p)
    ]
    member_ids = set(
        NetworkMembership.objects.filter(
            network__in=[n.pk for n in networks], left_on__isnull=True
        ).values_list("participation_id", flat=True)
    )
    return AdviserDashboard(
        networks=[(n, network_size_check(n), network_theme_check(n)) for n in networks],
        ended_count=len(ended),
        include_ended=include_ended,
        pending=[p for p in participations if p.status == ParticipationStatus.APPLIED],
        missing_decision=list(
            Participation.objects.filter(
                pk__in=member_ids, decision_date__isnull=True
            ).select_related("programme", "municipality", "county")
        ),
        upcoming=list(
            gathering_list(upcoming=True, networks=Network.objects.filter(adviser=user))[:20]
        ),
    )
