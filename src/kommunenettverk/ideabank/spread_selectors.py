"""Reads about ideas that travelled: where an example was taken up, what a measure was taken
from, how many examples spread in a network, a county and the country, and what the indicators
did before and after. Public reads include only take-ups whose measure (and goal) or adopting
example is published. Each function runs a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kommunenettverk.ideabank.models import Adoption, Example
from kommunenettverk.ideabank.selectors import neighbour_table, peer_municipalities
from kommunenettverk.ideabank.spread import (
    BeforeAfter,
    Reach,
    Verdict,
    before_after,
    improvement,
    lags,
    median,
    reach_of,
)
from kommunenettverk.indicators.models import (
    AreaKind,
    GoalIndicator,
    Indicator,
    IndicatorResult,
    IndicatorValue,
)
from kommunenettverk.networks.models import Network, NetworkMembership
from kommunenettverk.plans.models import Measure
from kommunenettverk.registry.models import County, KsRegion, Municipality

PUBLIC = (
    Q(measure__published=True, measure__goal__published=True)
    | Q(adopting_example__status=Example.Status.PUBLISHED)
) & Q(origin__status=Example.Status.PUBLISHED)


def reach_labels() -> dict[str, str]:
    return {
        Reach.NETWORK: _("I samme nettverk"),
        Reach.NEIGHBOUR: _("Nabokommune"),
        Reach.FURTHER: _("Lenger unna"),
    }


def adoption_public_list() -> QuerySet[Adoption]:
    """Every public take-up, with what its rows show already joined."""
    return (
        Adoption.objects.filter(PUBLIC)
        .select_related(
            "origin__municipality__county",
            "municipality__county",
            "measure__goal",
            "adopting_example",
        )
        .order_by("year", "pk")
    )


def _networks_of(municipality_ids: set[int]) -> dict[int, set[int]]:
    """Municipality id → ids of every network it is or was a member of (one query)."""
    networks: dict[int, set[int]] = defaultdict(set)
    for municipality_id, network_id in NetworkMembership.objects.filter(
        participation__municipality_id__in=municipality_ids
    ).values_list("participation__municipality_id", "network_id"):
        networks[municipality_id].add(network_id)
    return networks


def _reaches(adoptions: list[Adoption]) -> dict[int, Reach]:
    """Adoption id → its distance class (network, neighbour, further)."""
    ids = {a.origin.municipality_id for a in adoptions} | {a.municipality_id for a in adoptions}
    networks = _networks_of(ids)
    neighbours = neighbour_table()
    return {
        a.pk: reach_of(
            a.origin.municipality.number,
            a.municipality.number,
            neighbours=neighbours,
            shared_network=bool(networks[a.origin.municipality_id] & networks[a.municipality_id]),
        )
        for a in adoptions
    }


@dataclass
class AdoptionRow:
    adoption: Adoption
    reach: Reach
    reach_label: str
    title: str  # the adopting measure's or example's title
    url: str
    status: str  # the measure's status, or "Eksempel i idébanken"

    @property
    def municipality(self) -> Municipality:
        return self.adoption.municipality


def _rows(adoptions: list[Adoption]) -> list[AdoptionRow]:
    reaches = _reaches(adoptions)
    labels = reach_labels()
    rows = []
    for a in adoptions:
        if a.measure is not None:
            title, url = a.measure.title, a.measure.get_absolute_url()
            status = a.measure.get_status_display()
        else:
            assert a.adopting_example is not None
            title, url = a.adopting_example.title, a.adopting_example.get_absolute_url()
            status = _("Eksempel i idébanken")
        rows.append(AdoptionRow(a, reaches[a.pk], labels[reaches[a.pk]], title, url, status))
    return rows


def example_adoption_rows(example: Example) -> list[AdoptionRow]:
    """Where a published example was taken up (public take-ups only), oldest first."""
    return _rows(list(adoption_public_list().filter(origin=example)))


def adoption_rows(adoptions: QuerySet[Adoption]) -> list[AdoptionRow]:
    return _rows(list(adoptions))


def measure_origins(measure: Measure) -> list[Adoption]:
    """What a measure was taken from (every link: the measure page decides who sees it)."""
    return list(
        Adoption.objects.filter(measure=measure)
        .select_related("origin__municipality")
        .order_by("pk")
    )


def example_origin(example: Example) -> Adoption | None:
    """The published example an example builds on, if any."""
    return (
        Adoption.objects.filter(adopting_example=example, origin__status=Example.Status.PUBLISHED)
        .select_related("origin__municipality")
        .first()
    )


# --- the spread in numbers -----------------------------------------------------------------------


@dataclass
class SpreadCounts:
    label: str
    published: int = 0
    taken_up: int = 0  # examples taken up at least once (outside their own municipality)
    by_reach: Counter[str] = field(default_factory=Counter)

    @property
    def adoptions(self) -> int:
        return sum(self.by_reach.values())

    @property
    def network(self) -> int:
        return self.by_reach[Reach.NETWORK]

    @property
    def neighbour(self) -> int:
        return self.by_reach[Reach.NEIGHBOUR]

    @property
    def further(self) -> int:
        return self.by_reach[Reach.FURTHER]


@dataclass
class Spread:
    title: str
    group_heading: str
    total: SpreadCounts
    groups: list[SpreadCounts]
    rows: list[AdoptionRow]  # the take-ups of the scope's examples


def spread_summary(*, county: County | None = None, network: Network | None = None) -> Spread:
    """How many examples the scope's municipalities published, how many were taken up, and
    where: in a shared network, by a neighbour or further away. The country is grouped by
    county; a county and a network by municipality. A network counts its members' examples
    (every municipality that is or was a member)."""
    examples = Example.objects.published()
    adoptions = adoption_public_list()
    if network is not None:
        member_ids = list(
            NetworkMembership.objects.filter(network=network).values_list(
                "participation__municipality_id", flat=True
            )
        )
        examples = examples.filter(municipality_id__in=member_ids)
        adoptions = adoptions.filter(origin__municipality_id__in=member_ids)
        title = _("Spredning av eksempler fra nettverket %(n)s") % {"n": network.name}
    elif county is not None:
        examples = examples.filter(municipality__county=county)
        adoptions = adoptions.filter(origin__municipality__county=county)
        title = _("Spredning av eksempler fra %(c)s") % {"c": county.name}
    else:
        title = _("Spredning av eksempler i hele landet")
    by_county = county is None and network is None
    group_of = "municipality__county__name" if by_county else "municipality__name_nb"
    published = examples.values_list("pk", group_of)
    rows = adoption_rows(adoptions)
    groups: dict[str, SpreadCounts] = {}
    total = SpreadCounts(label=_("Totalt"))
    for _pk, label in published:
        groups.setdefault(label, SpreadCounts(label=label)).published += 1
        total.published += 1
    taken: set[int] = set()
    for row in rows:
        origin = row.adoption.origin.municipality
        label = origin.county.name if by_county else origin.name_nb
        group = groups.setdefault(label, SpreadCounts(label=label))
        group.by_reach[row.reach] += 1
        total.by_reach[row.reach] += 1
        if row.adoption.origin_id not in taken:
            taken.add(row.adoption.origin_id)
            group.taken_up += 1
            total.taken_up += 1
    return Spread(
        title=title,
        group_heading=_("Fylke") if by_county else _("Kommune"),
        total=total,
        groups=sorted(groups.values(), key=lambda g: (-g.adoptions, -g.published, g.label)),
        rows=rows,
    )


def spread_chart_rows(spread: Spread) -> list[dict[str, Any]]:
    labels = reach_labels()
    return [
        {"reach": labels[reach], "count": spread.total.by_reach[reach]}
        for reach in (Reach.NETWORK, Reach.NEIGHBOUR, Reach.FURTHER)
    ]


def example_map_rows(example: Example, rows: list[AdoptionRow]) -> list[dict[str, Any]]:
    """One row per municipality on the map: the origin and each adopter with its class."""
    origin = example.municipality
    out: dict[str, dict[str, Any]] = {
        origin.number: {"number": origin.number, "name": origin.name_nb, "kind": _("Opphav")}
    }
    for row in rows:
        number = row.municipality.number
        out.setdefault(
            number, {"number": number, "name": row.municipality.name_nb, "kind": row.reach_label}
        )
    return list(out.values())


def example_timeline_rows(rows: list[AdoptionRow]) -> list[dict[str, Any]]:
    """Take-ups per year and distance class."""
    counts = Counter((row.adoption.year, row.reach_label) for row in rows)
    return [
        {"year": str(year), "reach": label, "count": n}
        for (year, label), n in sorted(counts.items())
    ]


# --- did it work there? ------------------------------------------------------------------------


@dataclass
class OutcomeRow:
    area: str
    role: str  # "Tok i bruk" or "Opphav"
    result: BeforeAfter
    verdict: str


@dataclass
class Outcome:
    """One indicator of the adopting measure's goal, before and after, in adopter and origin."""

    adoption: Adoption
    indicator: Indicator
    rows: list[OutcomeRow]
    series: list[dict[str, Any]]  # area, year, period, value: the chart's and table's rows
    years: list[int]
    table: list[tuple[int, float | None, float | None]]  # year, adopter, origin
    spec: dict[str, Any] | None = None  # set by the page that shows it
    chart_id: str = ""
    spec_id: str = ""


def verdict_labels() -> dict[str, str]:
    return {
        Verdict.TOO_FEW: _("For få år til å si noe"),
        Verdict.BETTER: _("Bedre utvikling etter"),
        Verdict.WORSE: _("Svakere utvikling etter"),
        Verdict.SAME: _("Ingen forskjell"),
    }


def measure_outcomes(measure: Measure, adoptions: list[Adoption]) -> list[Outcome]:
    """For each take-up of `measure` and each indicator tied to the measure's goal: the
    indicator in the adopter split at the year of adoption, and in the origin split at the
    year its example was published. Two queries."""
    links = list(
        GoalIndicator.objects.filter(goal_id=measure.goal_id)
        .select_related("indicator")
        .order_by("indicator__name")
    )
    if not links or not adoptions:
        return []
    adopter = measure.goal.municipality
    numbers = {adopter.number} | {a.origin.municipality.number for a in adoptions}
    values: dict[tuple[int, str], dict[int, float | None]] = defaultdict(dict)
    for indicator_id, area, year, value in (
        IndicatorValue.objects.filter(
            indicator_id__in=[link.indicator_id for link in links],
            area_kind=AreaKind.MUNICIPALITY,
            area_code__in=numbers,
        )
        .order_by("year")
        .values_list("indicator_id", "area_code", "year", "value")
    ):
        values[(indicator_id, area)][year] = value
    labels = verdict_labels()
    outcomes = []
    for adoption in adoptions:
        origin = adoption.origin.municipality
        origin_split = (
            adoption.origin.published_at.year if adoption.origin.published_at else adoption.year
        )
        for link in links:
            indicator = link.indicator
            mine = values[(indicator.pk, adopter.number)]
            theirs = values[(indicator.pk, origin.number)]
            rows = []
            for area, role, series, split in (
                (adopter.name_nb, _("Tok i bruk"), mine, adoption.year),
                (origin.name_nb, _("Opphav"), theirs, origin_split),
            ):
                result = before_after(list(series.items()), split, indicator.better)
                rows.append(OutcomeRow(area, role, result, labels[result.verdict]))
            years = sorted(set(mine) | set(theirs))
            outcomes.append(
                Outcome(
                    adoption=adoption,
                    indicator=indicator,
                    rows=rows,
                    series=[
                        {"area": area, "year": str(y), "period": str(y), "value": v}
                        for area, series in ((adopter.name_nb, mine), (origin.name_nb, theirs))
                        for y, v in sorted(series.items())
                        if v is not None
                    ],
                    years=years,
                    table=[(y, mine.get(y), theirs.get(y)) for y in years],
                )
            )
    return outcomes


# --- municipalities like yours did this --------------------------------------------------------


@dataclass
class PeerPractice:
    municipality: Municipality
    improvement: float  # annual change in the good direction (Theil–Sen), indicator units
    trend: str
    examples: list[Example]
    measures: list[Measure]


@dataclass
class PeerPractices:
    peer_median: float | None
    peers: list[PeerPractice]


def peer_practices(
    municipality: Municipality, result: IndicatorResult, *, limit: int = 5
) -> PeerPractices | None:
    """When `municipality` (whose indicator `result` is) lags its peer group (worse than the
    peers' median in the latest year), the peers that improved on the indicator, strongest
    improvement first, with their published examples (on the indicator's themes, when it has
    any) and their published measures under goals tied to the indicator. None when it does
    not lag."""
    indicator = result.indicator
    peers = {m.number: m for m in peer_municipalities(municipality)}
    peer_results = list(
        IndicatorResult.objects.filter(indicator=indicator, area_code__in=list(peers))
    )
    latest = [r.latest_value for r in peer_results if r.latest_value is not None]
    if not lags(result.latest_value, latest, indicator.better):
        return None
    ranked = sorted(
        (
            (gain, r)
            for r in peer_results
            if (gain := improvement(r.slope, indicator.better)) is not None and gain > 0
        ),
        key=lambda pair: (-pair[0], pair[1].area_code),
    )[:limit]
    numbers = [r.area_code for _gain, r in ranked]
    examples: dict[str, list[Example]] = defaultdict(list)
    for example in (
        Example.objects.published()
        .filter(municipality__number__in=numbers)
        .select_related("municipality")
        .order_by("-published_at")
    ):
        if not indicator.themes or set(indicator.themes) & set(example.themes):
            examples[example.municipality.number].append(example)
    measures: dict[str, list[Measure]] = defaultdict(list)
    for measure in (
        Measure.objects.published()
        .filter(
            goal__municipality__number__in=numbers,
            goal__indicator_targets__indicator=indicator,
        )
        .select_related("goal__municipality")
        .distinct()
        .order_by("title")
    ):
        measures[measure.goal.municipality.number].append(measure)
    return PeerPractices(
        peer_median=median(latest),
        peers=[
            PeerPractice(
                municipality=peers[r.area_code],
                improvement=gain,
                trend=r.get_trend_display(),
                examples=examples[r.area_code][:3],
                measures=measures[r.area_code][:3],
            )
            for gain, r in ranked
        ],
    )


def digest_adoptions(*, region: KsRegion, theme: str, since: datetime.datetime) -> list[Adoption]:
    """Public take-ups recorded after `since` by a municipality in `region`, or of an example
    from it (and on `theme`, if given), newest first."""
    adoptions = (
        adoption_public_list()
        .filter(created_at__gt=since)
        .filter(
            Q(municipality__county__ks_region=region)
            | Q(origin__municipality__county__ks_region=region)
        )
        .order_by("-created_at")
    )
    return [a for a in adoptions if not theme or theme in a.origin.themes]


def adoption_sentence(adoption: Adoption) -> str:
    """ "Tromsø har tatt i bruk «…» fra Bodø" — the feeds' and digests' line."""
    return _("%(m)s har tatt i bruk «%(t)s» fra %(o)s") % {
        "m": adoption.municipality.name_nb,
        "t": adoption.origin.title,
        "o": adoption.origin.municipality.name_nb,
    }
