"""The demo networks: ten demo advisers, participations in the three demo programmes,
networks across the KS regions, gatherings with agenda, registrations, attendance and
evaluations, and development projects of all three scopes. Everything is demo data (names
say "demo"; people live under demo.kommunenettverk.no). Idempotent.

The scenario follows what the programmes reported: on 1 January 2008 *Livskraftige kommuner*
had about 150 participating municipalities in about 40 networks (some networks with three
members, a fourth joining in 2008), and *Grønne energikommuner* (2007–2010) had 21
municipalities and one county municipality. Gatherings fall on working days within office
hours, never on a public holiday or in the holiday seasons (core.workdays); what happened in
the past is dated then, history included (core.demo.backdate); approvals are made by the
region's adviser, whom the rules allow (core.demo.acting).

`full=False` loads only the core networks the browser tests visit (fast); `full=True` adds
the rest.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from kommunenettverk.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from kommunenettverk.accounts.models import Organisation, Role, RoleAssignment, User
from kommunenettverk.accounts.rules import forget_roles
from kommunenettverk.core.demo import acting, backdate
from kommunenettverk.core.workdays import (
    next_gathering_day,
    next_working_day,
    previous_working_day,
)
from kommunenettverk.networks import services
from kommunenettverk.networks.demo_closeout import (
    demo_close_out_load,
    demo_close_out_outcomes_load,
)
from kommunenettverk.networks.demo_forum import demo_dialogue_forum_load
from kommunenettverk.networks.models import (
    AgendaItem,
    AttendeeRole,
    DevelopmentProject,
    Evaluation,
    Gathering,
    Invitation,
    Network,
    Registration,
)
from kommunenettverk.programmes.demo import demo_programmes_load
from kommunenettverk.programmes.models import (
    Participation,
    ParticipationStatus,
    Programme,
    Theme,
)
from kommunenettverk.programmes.services import (
    participation_apply,
    participation_approve,
    participation_set_status,
    participation_update,
)
from kommunenettverk.registry.models import County, KsRegion, Municipality

__all__ = [
    "ADVISERS",
    "demo_close_out_load",
    "demo_close_out_outcomes_load",
    "demo_dialogue_forum_load",
    "demo_networks_load",
]

# (local part, name, KS region code): the two foundation advisers and eight more.
ADVISERS = [
    ("radgiver.nord", "Rune Rådgiver", "nord"),
    ("radgiver.nord2", "Nina Nordlys (demo)", "nord"),
    ("radgiver.midt", "Magnus Midt (demo)", "midt"),
    ("radgiver.midt2", "Marte Trøndelag (demo)", "midt"),
    ("radgiver.vest", "Vera Vestland", "vest"),
    ("radgiver.vest2", "Vidar Fjord (demo)", "vest"),
    ("radgiver.sor", "Solveig Sør (demo)", "sor"),
    ("radgiver.innlandet", "Ivar Innland (demo)", "innlandet"),
    ("radgiver.oslo", "Oda Oslo (demo)", "oslo-akershus"),
    ("radgiver.viken", "Viktor Viken (demo)", "viken"),
]

# The core networks (stable slugs, used by the browser tests): name, programme, region,
# adviser, member municipality numbers.
CORE = [
    (
        "Salten livskraft",
        "livskraftige-kommuner",
        "nord",
        "radgiver.nord",
        ["1804", "1841", "1838", "1845"],
    ),
    (
        "Voss og Hardanger",
        "livskraftige-kommuner",
        "vest",
        "radgiver.vest",
        ["4621", "4622", "4618", "4620"],
    ),
    (
        "Grønn energi Nord",
        "gronne-energikommuner",
        "nord",
        "radgiver.nord2",
        ["1806", "1820", "1824", "1833", "1860", "1865"],
    ),
    (
        "Helse og miljø Salten",
        "helse-og-miljokommuner",
        "nord",
        "radgiver.nord",
        ["1804", "1841", "1839", "1840"],
    ),
]
# How the other networks are named: "<short name> <region> <n>".
SHORT_NAMES = {
    "livskraftige-kommuner": "Livskraftige kommuner",
    "gronne-energikommuner": "Grønn energi",
    "helse-og-miljokommuner": "Helse og miljø",
}
# Livskraftige kommuner's other networks per KS region (about the regions' shares of the
# municipalities), and their sizes on founding: those founded with three take in a fourth
# member in 2008, as the real networks grew.
LIVSKRAFT_NETWORKS = {
    "nord": 9,
    "vest": 7,
    "midt": 7,
    "innlandet": 5,
    "sor": 4,
    "viken": 4,
    "oslo-akershus": 2,
}
FOUNDING_SIZES = [4, 3, 4, 4, 3, 5, 3, 4]
# Themes as municipalities choose them: climate and land use most often, international least.
THEME_WEIGHTS = {
    "climate_energy": 10,
    "land_use": 8,
    "quality_of_life_health": 7,
    "production_consumption": 4,
    "cultural_heritage": 3,
    "international": 1,
}
CHALLENGES = [
    "Spredt utbygging og høy bilbruk gjør det vanskelig å kutte utslipp fra transport.",
    "Fraflytting fra grendene og en aldrende befolkning.",
    "Gamle kommunale bygg med høyt energiforbruk og stort vedlikeholdsetterslep.",
    "Press på strandsonen og dyrka mark fra hytte- og boligbygging.",
    "Lav fysisk aktivitet blant barn og unge og få turmuligheter nær boligfeltene.",
    "Klimaarbeidet er spredt på mange enheter og mangler forankring i økonomiplanen.",
    "Flom og overvann skader veier og bygg oftere enn før.",
    "Kulturminner og gamle sentrumsbygg forfaller uten at noen har ansvar.",
]
AGENDA = [
    ("Klimagassregnskap i kommuneplanen", AgendaItem.Kind.PROFESSIONAL_INPUT, "Idébanken"),
    ("Slik gjorde vi det: gang- og sykkelstrategi", AgendaItem.Kind.INSPIRATION, ""),
    ("Erfaringsutveksling i grupper", AgendaItem.Kind.EXCHANGE, ""),
]
# Demo data only: a seeded generator so every load gives the same scenario.
_rng = random.Random(2006)  # noqa: S311 - not for security
PEOPLE = ["Ola", "Kari", "Per", "Anne", "Jon", "Ingrid", "Lars", "Silje", "Nils", "Hilde"]


def _at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A moment of a day, in the site's time zone."""
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), timezone.get_current_timezone()
    )


def _backdate(objects: list[object], at: datetime.datetime, since: datetime.datetime) -> None:
    """Date what `objects` wrote since `since` at `at`, when `at` is in the past."""
    if at < since:
        backdate(objects, at, since=since)  # type: ignore[arg-type]  # model instances


def _advisers() -> dict[str, User]:
    region_type = ContentType.objects.get_for_model(KsRegion)
    regions = {r.code: r for r in KsRegion.objects.all()}
    advisers = {}
    hashed = ""  # hash the demo password once: each hash costs a quarter of a second
    for local, name, region in ADVISERS:
        user, created = User.objects.get_or_create(
            email=f"{local}@{DEMO_DOMAIN}", defaults={"full_name": name}
        )
        if created:
            hashed = hashed or make_password(DEMO_PASSWORD)
            user.password = hashed
            user.save(update_fields=["password"])
        RoleAssignment.objects.get_or_create(
            user=user,
            role=Role.REGIONAL_ADVISER,
            scope_type=region_type,
            scope_id=regions[region].pk,
        )
        forget_roles(user)
        advisers[local] = user
    return advisers


def _themes(programme: Programme) -> list[Theme]:
    """Two or three of the programme's themes, drawn as municipalities would choose them."""
    themes = list(programme.themes.all())
    wanted = min(len(themes), _rng.choice([2, 2, 3]))
    chosen: list[Theme] = []
    while len(chosen) < wanted:
        weights = [THEME_WEIGHTS.get(t.slug, 1) if t not in chosen else 0 for t in themes]
        chosen.append(_rng.choices(themes, weights)[0])
    return chosen


def _archive_url(participant: Municipality | County, case_ref: str) -> str:
    """A link to the case in the participant's public archive (innsyn), as the demo's
    decisions give it."""
    name = participant.name_nb if isinstance(participant, Municipality) else participant.name
    host = slugify(name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a"))
    site = f"{host}.kommune.no" if isinstance(participant, Municipality) else f"{host}fylke.no"
    return f"https://{site}/innsyn/sak/{case_ref.replace('/', '-')}"


def _apply(
    programme: Programme,
    approver: User,
    *,
    municipality: Municipality | None = None,
    county: County | None = None,
    applied_on: datetime.date,
    with_decision: bool = True,
) -> Participation:
    """An application decided by the council, sent on `applied_on` and approved a month
    later by `approver`, each step dated when it happened. Without `with_decision` the
    application was sent as "vedtak kommer" and the council's decision registered two weeks
    later (it cannot be approved before)."""
    applied_on = next_working_day(applied_on)
    decided_on = previous_working_day(applied_on - datetime.timedelta(days=20))
    participant = municipality or county
    assert participant is not None
    case_ref = f"{applied_on.year % 100:02d}/{_rng.randint(100, 999)}"
    decision: dict[str, Any] = {
        "decision_body": "Kommunestyret" if municipality else "Fylkestinget",
        "decision_date": decided_on,
        "decision_case_ref": case_ref,
        "decision_url": _archive_url(participant, case_ref),
    }
    since = timezone.now()
    participation = participation_apply(
        programme=programme,
        municipality=municipality,
        county=county,
        themes=_themes(programme),
        applied_on=applied_on,
        local_challenges=f"Demodata: {_rng.choice(CHALLENGES)}",
        **(decision if with_decision else {"decision_pending": True}),
        anchored_by="Rådmannen",
        anchored_on=previous_working_day(applied_on - datetime.timedelta(days=40)),
        contact_elected="Ordfører (demo)",
        contact_manager="Rådmann (demo)",
        contact_professional="Miljørådgiver (demo)",
        accepts_expectations=True,
    )
    if not with_decision:
        decision["decision_date"] = previous_working_day(applied_on + datetime.timedelta(days=14))
        participation = participation_update(
            participation=participation, themes=list(participation.themes.all()), **decision
        )
    _backdate([participation], _at(applied_on, 9), since)
    approved_on = next_working_day(applied_on + datetime.timedelta(days=30))
    since = timezone.now()
    participation = participation_approve(
        participation=participation,
        user=acting(approver, "programmes.approve_participation", participation),
        on=approved_on,
    )
    _backdate([participation], _at(approved_on, 13), since)
    return participation


def _gathering_days(programme: Programme, established_on: datetime.date) -> Iterator[datetime.date]:
    """The days four gatherings start: every half year from the network's founding in a
    programme that is over; two past and two coming in a running one. Each is the first
    day of two gathering days in a row (core.workdays)."""
    today = timezone.localdate()
    if programme.ends_on and programme.ends_on < today:
        day = established_on + datetime.timedelta(days=_rng.randint(45, 90))
        step = 180
    else:
        day = today - datetime.timedelta(days=150)
        step = 90
    for _ in range(4):
        yield next_gathering_day(day + datetime.timedelta(days=_rng.randint(0, 10)), days=2)
        day += datetime.timedelta(days=step)


def _gathering_times(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """A gathering over two days, 10:00 to 15:00 the next day (most), or one day 09:30–15:30."""
    if _rng.random() < 0.7:
        return _at(day, 10), _at(day + datetime.timedelta(days=1), 15)
    return _at(day, 9, 30), _at(day, 15, 30)


def _network(
    *,
    name: str,
    programme: Programme,
    region: KsRegion,
    adviser: User,
    participations: list[Participation],
    partners: dict[str, Organisation],
) -> Network:
    established_on = max(p.approved_on for p in participations if p.approved_on)
    chosen = Counter(t for p in participations for t in p.themes.all())
    themes = [t for t, _ in chosen.most_common(max(programme.min_themes, 2))]
    since = timezone.now()
    network = services.network_save(
        programme=programme,
        ks_region=region,
        name=name,
        adviser=adviser,
        themes=themes,
        established_on=established_on,
        description="Demodata: et eksempelnettverk.",
    )
    memberships = [
        services.network_add_member(
            network=network, participation=participation, joined_on=established_on
        )
        for participation in participations
    ]
    _projects(network, participations)
    _backdate([network, *memberships, *network.projects.all()], _at(established_on, 14), since)
    for day in _gathering_days(programme, established_on):
        _gathering(network, day, participations, partners)
    return network


def _gathering(
    network: Network,
    day: datetime.date,
    participations: list[Participation],
    partners: dict[str, Organisation],
) -> None:
    """A gathering planned six weeks ahead, with registrations, and for one that is over,
    attendance, minutes and evaluations; each written when it would have been."""
    now = timezone.now()
    starts, ends = _gathering_times(day)
    planned = _at(previous_working_day(day - datetime.timedelta(days=42)), 11)
    gathering = services.gathering_create(
        network=network,
        starts_at=starts,
        ends_at=ends,
        place=f"{participations[network.gatherings.count() % len(participations)].participant_name}"
        " rådhus",
        title=f"Samling om {network.themes.all()[0].name.lower()}",
    )
    items = [
        services.agenda_item_add(
            gathering=gathering,
            title=title,
            kind=kind,
            presenter="Innleder (demo)",
            partner=partners.get(partner),
        )
        for title, kind, partner in AGENDA
    ]
    if planned < now:
        _backdate([gathering, *items], planned, now)
        Gathering.objects.filter(pk=gathering.pk).update(invitations_sent_at=planned)
        Invitation.objects.filter(gathering=gathering).update(sent_at=planned)
    past = ends < now
    if past:
        since = timezone.now()
        gathering.minutes = "Demodata: referat fra samlingen."
        gathering.save(update_fields=["minutes"])
        _backdate([gathering], _at(next_working_day(ends.date() + datetime.timedelta(3)), 9), since)
    registrations: list[Registration] = []
    for participation in participations:
        # Most municipalities bring all three roles; some skip one.
        roles = [AttendeeRole.ELECTED, AttendeeRole.MANAGER, AttendeeRole.PROFESSIONAL]
        if _rng.random() < 0.3:
            roles.remove(_rng.choice(roles))
        if _rng.random() < 0.3:
            roles.append(AttendeeRole.OTHER)
        registrations += [
            Registration(
                gathering=gathering,
                participation=participation,
                name=f"{_rng.choice(PEOPLE)} {participation.participant_name} (demo)",
                role=role,
                attended=(_rng.random() > 0.1) if past else None,
                # Needs and emails shown in the delegation list (not drawn from _rng, so
                # the rest of the demo stays the same).
                dietary_needs="Vegetar" if i == 1 else "",
                accessibility_needs="Trinnfri adkomst" if i == 2 and len(roles) > 3 else "",
                email="demo@example.org" if role == AttendeeRole.ELECTED else "",
            )
            for i, role in enumerate(roles)
        ]
    if not past and registrations:
        # One delegation member withdrew, so the delegation list shows a cancellation.
        registrations[-1].status = Registration.Status.CANCELLED
        registrations[-1].cancelled_at = now
    if starts - datetime.timedelta(days=3) > now + datetime.timedelta(days=1):
        gathering.registration_deadline = starts - datetime.timedelta(days=3)
        gathering.save(update_fields=["registration_deadline"])
    # Registrations and evaluations are many: dated in bulk (their history by default_date).
    registered = min(_at(previous_working_day(day - datetime.timedelta(days=14)), 12), now)
    bulk_create_with_history(registrations, Registration, default_date=registered)
    Registration.objects.filter(gathering=gathering).update(registered_at=registered)
    if past:
        evaluated = _at(next_working_day(ends.date() + datetime.timedelta(days=2)), 14)
        evaluations = [
            Evaluation(
                gathering=gathering,
                user=None,
                usefulness=_rng.randint(3, 5),
                organisation=_rng.randint(2, 5),
                exchange=_rng.randint(3, 5),
                comment=_rng.choice(["", "", "Nyttig med eksempler fra nabokommunene."]),
            )
            for _ in range(_rng.randint(3, 6))
        ]
        bulk_create_with_history(evaluations, Evaluation, default_date=evaluated)
        Evaluation.objects.filter(gathering=gathering).update(submitted_at=evaluated)


def _projects(network: Network, participations: list[Participation]) -> None:
    Scope, Status = DevelopmentProject.Scope, DevelopmentProject.Status
    themes = list(network.themes.all())
    start = network.established_on
    whole = services.project_save(
        network=network,
        title="Felles klima- og energiplan",
        scope=Scope.NETWORK,
        participations=[],
        themes=themes[:1],
        goals="Demodata: felles mål for utslippskutt.",
        status=Status.ONGOING,
        starts_on=start,
    )
    services.milestone_add(
        project=whole, title="Felles kunnskapsgrunnlag", due_on=start + datetime.timedelta(days=200)
    )
    services.project_save(
        network=network,
        title="Gang- og sykkelvegnett",
        scope=Scope.SOME,
        participations=participations[:2],
        themes=themes[-1:],
        goals="Demodata: sammenhengende sykkelvei mellom kommunesentrene.",
        status=Status.PLANNED,
        starts_on=start,
    )
    services.project_save(
        network=network,
        title=f"{participations[0].participant_name}: grønn skolevei",
        scope=Scope.ONE,
        participations=participations[:1],
        themes=themes[:1],
        goals="Demodata: flere barn går og sykler til skolen.",
        status=Status.COMPLETED,
        results="Demodata: andelen som går eller sykler økte fra 55 til 70 prosent.",
        starts_on=start,
    )


def _join_later(network: Network, participation: Participation) -> None:
    """A municipality that joined the network after it was founded, when approved."""
    assert participation.approved_on is not None
    since = timezone.now()
    membership = services.network_add_member(
        network=network, participation=participation, joined_on=participation.approved_on
    )
    _backdate([membership], _at(participation.approved_on, 14), since)


def _end(programme: Programme, participations: list[Participation]) -> None:
    """Close a finished programme: most complete, a few withdrew along the way (and left
    their network), each dated when it happened."""
    if not programme.ends_on or programme.ends_on >= timezone.localdate():
        return
    withdrawn_on = next_working_day(datetime.date(programme.starts_on.year + 3, 2, 1))
    ended_on = programme.ends_on
    for i, participation in enumerate(participations):
        since = timezone.now()
        if i % 17 == 5:
            # Withdrawing ends the network membership on the same date (networks.receivers).
            participation_set_status(
                participation=participation,
                status=ParticipationStatus.WITHDRAWN,
                on=withdrawn_on,
                note="Demodata",
            )
            at = _at(withdrawn_on, 11)
        else:
            participation_set_status(
                participation=participation, status=ParticipationStatus.COMPLETED, on=ended_on
            )
            at = _at(previous_working_day(ended_on), 15)
        _backdate([participation, *participation.memberships.all()], at, since)


def _municipality_pool(exclude: set[str]) -> dict[str, list[Municipality]]:
    pool: dict[str, list[Municipality]] = {}
    for m in Municipality.objects.current().select_related("county__ks_region").order_by("number"):
        if m.number not in exclude and m.county.ks_region:
            pool.setdefault(m.county.ks_region.code, []).append(m)
    return pool


# One network of the plan: name, programme slug, region, adviser, founding members, and the
# members who join in the network's second year.
Planned = tuple[str, str, str, str, list[Municipality], list[Municipality]]


def _extra_networks(used: set[str]) -> list[Planned]:
    """Networks across every KS region: Livskraftige kommuner from fresh municipalities; the
    other two programmes recruit among those (as the real programmes did)."""
    regions = {r.code: r for r in KsRegion.objects.all()}
    pool = _municipality_pool(used)
    region_advisers: dict[str, list[str]] = {}
    for local, _, region in ADVISERS:
        region_advisers.setdefault(region, []).append(local)
    plan: list[Planned] = []
    recruited: dict[str, list[Municipality]] = {}

    def take(source: dict[str, list[Municipality]], region: str, n: int) -> list[Municipality]:
        return [source[region].pop(_rng.randrange(len(source[region]))) for _ in range(n)]

    def name(slug: str, region: str, n: int) -> str:
        return f"{SHORT_NAMES[slug]} {regions[region].name.removeprefix('KS ')} {n}"

    sizes = iter(FOUNDING_SIZES * 10)
    for region, count in LIVSKRAFT_NETWORKS.items():
        for n in range(1, count + 1):
            size = next(sizes)
            members = take(pool, region, size)
            later = take(pool, region, 1) if size < 4 else []
            recruited.setdefault(region, []).extend(members)
            adviser = region_advisers[region][n % len(region_advisers[region])]
            slug = "livskraftige-kommuner"
            plan.append((name(slug, region, n), slug, region, adviser, members, later))
    # Grønne energikommuner: 3 × 5 here and 6 in "Grønn energi Nord" make 21 municipalities.
    for slug, sizes_by_region in (
        ("gronne-energikommuner", {"nord": 5, "midt": 5, "vest": 5}),
        ("helse-og-miljokommuner", {"nord": 5, "midt": 4, "vest": 6, "sor": 4, "innlandet": 5}),
    ):
        source = {region: list(members) for region, members in recruited.items()}
        for region, size in sizes_by_region.items():
            members = take(source, region, size)
            adviser = region_advisers[region][0]
            plan.append((name(slug, region, 1), slug, region, adviser, members, []))
    return plan


def _applied_on(programme: Programme, *, later: bool = False) -> datetime.date:
    """When a municipality applied: in the programme's first months (Livskraftige kommuner's
    founding members until autumn 2007, so they are active on 1 January 2008), or early in
    the network's second year for one joining later."""
    start = programme.starts_on
    if later:
        return datetime.date(start.year + 2, 1, 10) + datetime.timedelta(days=_rng.randint(0, 150))
    spread = 600 if programme.slug == "livskraftige-kommuner" else 240
    return start + datetime.timedelta(days=20 + _rng.randint(0, spread))


@transaction.atomic
def demo_networks_load(*, full: bool = True) -> None:
    """Load the demo networks (see the module docstring). Does nothing if they exist."""
    _rng.seed(2006)
    programmes = demo_programmes_load()
    advisers = _advisers()
    if Network.objects.filter(slug="salten-livskraft").exists():
        return
    regions = {r.code: r for r in KsRegion.objects.all()}
    partners = {
        "Idébanken": Organisation.objects.get_or_create(
            name="Idébanken", defaults={"kind": Organisation.Kind.PARTNER}
        )[0]
    }
    by_programme: dict[str, list[Participation]] = {slug: [] for slug in programmes}
    plan: list[Planned] = []
    used: set[str] = set()
    for name, slug, region, adviser, numbers in CORE:
        municipalities = list(Municipality.objects.filter(number__in=numbers).order_by("number"))
        plan.append((name, slug, region, adviser, municipalities, []))
        used |= set(numbers)
    if full:
        plan += _extra_networks(used)
    for name, slug, region, adviser, municipalities, later in plan:
        programme = programmes[slug]
        applied_on = _applied_on(programme)
        approver = advisers[adviser]
        participations = [
            _apply(
                programme,
                approver,
                municipality=m,
                applied_on=applied_on + datetime.timedelta(days=_rng.randint(0, 20)),
                with_decision=_rng.random() > 0.1,
            )
            for m in municipalities
        ]
        if name == "Grønn energi Nord":
            nordland = County.objects.get(number="18")
            participations.append(
                _apply(programme, approver, county=nordland, applied_on=applied_on)
            )
        network = _network(
            name=name,
            programme=programme,
            region=regions[region],
            adviser=approver,
            participations=participations,
            partners=partners,
        )
        by_programme[slug] += participations
        for m in later:
            joined = _apply(
                programme, approver, municipality=m, applied_on=_applied_on(programme, later=True)
            )
            _join_later(network, joined)
            by_programme[slug].append(joined)
    # Two applications waiting in the running programme with the council's decision (ready to
    # approve), and one sent as "vedtak kommer" (the council meets later).
    health = programmes["helse-og-miljokommuner"]
    applied_on = timezone.localdate() - datetime.timedelta(days=10)
    for number, case in (("1833", 1187), ("1806", 2214)):
        applicant = Municipality.objects.get(number=number)
        case_ref = f"{applied_on.year}/{case}"
        participation_apply(
            programme=health,
            municipality=applicant,
            themes=_themes(health),
            applied_on=applied_on,
            local_challenges="Demodata: mange eldre og lange avstander.",
            decision_body="Kommunestyret",
            decision_date=previous_working_day(applied_on - datetime.timedelta(days=7)),
            decision_case_ref=case_ref,
            decision_url=_archive_url(applicant, case_ref),
            accepts_expectations=True,
        )
    waiting = (
        Municipality.objects.current()
        .filter(county__number="18")
        .exclude(participations__programme=health)
        .order_by("name_nb")
        .first()
    )
    if waiting is not None:
        participation_apply(
            programme=health,
            municipality=waiting,
            themes=_themes(health),
            applied_on=applied_on,
            local_challenges="Demodata: få innbyggere, og folkehelsearbeidet hviler på én person.",
            decision_pending=True,
            accepts_expectations=True,
        )
    for slug, participations in by_programme.items():
        _end(programmes[slug], participations)


def demo_onboarding_job_load() -> None:
    """A finished preview of a small participations file by the adviser of KS Nord-Norge (a
    past programme year, with its dates), so the preview page of "Flytte inn et program" has
    an example; a preview writes nothing."""
    from kommunenettverk.networks import onboarding as layout
    from kommunenettverk.networks.models import OnboardingJob
    from kommunenettverk.networks.services.onboarding import onboarding_job_run

    if OnboardingJob.objects.exists():
        return
    rows = [
        {
            layout.PARTICIPANT: "Sortland",
            layout.PROGRAMME: "Livskraftige kommuner",
            layout.STATUS: "Fullført",
            layout.APPLIED_ON: "2008-02-04",
            layout.APPROVED_ON: "2008-03-01",
            layout.STATUS_ON: "2010-12-31",
            layout.DECISION_BODY: "Kommunestyret",
            layout.DECISION_DATE: "2008-01-24",
            layout.DECISION_CASE: "08/112",
            layout.DECISION_URL: "https://www.sortland.kommune.no/innsyn/sak/08-112",
            layout.THEMES: "Klima og energi",
            layout.COORDINATORS: "Solveig Eide <solveig.eide@demo.kommunenettverk.no>",
        }
    ]
    job = OnboardingJob.objects.create(
        created_by=User.objects.get(email="radgiver.nord@demo.kommunenettverk.no"),
        participations_name="deltakelser-nord-demo.csv",
        participations_data=layout.write_csv(layout.PARTICIPATION_COLUMNS, rows),
    )
    onboarding_job_run(job_id=job.pk)
