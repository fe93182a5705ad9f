"""The demo networks: ten demo advisers, participations in the three demo programmes,
networks across the KS regions, gatherings with agenda, registrations, attendance and
evaluations, and development projects of all three scopes. Everything is demo data (names
say "demo"; people live under demo.kommunenettverk.no). Idempotent.

`full=False` loads only the core networks the browser tests visit (fast); `full=True` adds
networks until about 150 municipalities take part in about 40 networks.
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Iterator

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from kommunenettverk.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
from kommunenettverk.accounts.models import Organisation, Role, RoleAssignment, User
from kommunenettverk.accounts.rules import forget_roles
from kommunenettverk.networks import services
from kommunenettverk.networks.models import (
    AgendaItem,
    AttendeeRole,
    DevelopmentProject,
    Evaluation,
    Gathering,
    Network,
    Registration,
)
from kommunenettverk.programmes.demo import demo_programmes_load
from kommunenettverk.programmes.models import Participation, ParticipationStatus, Programme
from kommunenettverk.programmes.services import (
    participation_apply,
    participation_approve,
    participation_set_status,
)
from kommunenettverk.registry.models import County, KsRegion, Municipality

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
# adviser, member municipality numbers, gatherings in the future?
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
AGENDA = [
    ("Klimagassregnskap i kommuneplanen", AgendaItem.Kind.PROFESSIONAL_INPUT, "Idébanken"),
    ("Slik gjorde vi det: gang- og sykkelstrategi", AgendaItem.Kind.INSPIRATION, ""),
    ("Erfaringsutveksling i grupper", AgendaItem.Kind.EXCHANGE, ""),
]
# Demo data only: a seeded generator so every load gives the same scenario.
_rng = random.Random(2006)  # noqa: S311 - not for security
PEOPLE = ["Ola", "Kari", "Per", "Anne", "Jon", "Ingrid", "Lars", "Silje", "Nils", "Hilde"]


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


def _apply(
    programme: Programme,
    approver: User,
    *,
    municipality: Municipality | None = None,
    county: County | None = None,
    applied_on: datetime.date,
    with_decision: bool = True,
) -> Participation:
    themes = list(programme.themes.all()[:2])
    participation = participation_apply(
        programme=programme,
        municipality=municipality,
        county=county,
        themes=themes,
        applied_on=applied_on,
        local_challenges="Demodata: spredt utbygging, høy bilbruk og lite samordnet klimaarbeid.",
        decision_body="Kommunestyret" if with_decision else "",
        decision_date=applied_on - datetime.timedelta(days=20) if with_decision else None,
        decision_case_ref=f"{applied_on.year % 100:02d}/{_rng.randint(100, 999)}"
        if with_decision
        else "",
        anchored_by="Rådmannen",
        anchored_on=applied_on - datetime.timedelta(days=40),
        contact_elected="Ordfører (demo)",
        contact_manager="Rådmann (demo)",
        contact_professional="Miljørådgiver (demo)",
        accepts_expectations=True,
    )
    return participation_approve(
        participation=participation, user=approver, on=applied_on + datetime.timedelta(days=30)
    )


def _gathering_dates(programme: Programme, count: int) -> Iterator[datetime.datetime]:
    tz = timezone.get_current_timezone()
    if programme.ends_on and programme.ends_on < timezone.localdate():
        first = datetime.date(programme.starts_on.year + 1, 3, 10)
        step = 180
    else:
        first = timezone.localdate() - datetime.timedelta(days=150)
        step = 90  # two past, the rest coming
    for i in range(count):
        day = first + datetime.timedelta(days=step * i + _rng.randint(0, 10))
        yield datetime.datetime.combine(day, datetime.time(10, 0), tz)


def _network(
    *,
    name: str,
    programme: Programme,
    region: KsRegion,
    adviser: User,
    participations: list[Participation],
    partners: dict[str, Organisation],
) -> Network:
    network = services.network_save(
        programme=programme,
        ks_region=region,
        name=name,
        adviser=adviser,
        themes=list(programme.themes.all()[: max(programme.min_themes, 2)]),
        established_on=max(p.approved_on for p in participations if p.approved_on),
        description="Demodata: et eksempelnettverk.",
    )
    for participation in participations:
        services.network_add_member(
            network=network, participation=participation, joined_on=network.established_on
        )
    now = timezone.now()
    registrations: list[Registration] = []
    evaluations: list[Evaluation] = []
    for starts in _gathering_dates(programme, 4):
        gathering = services.gathering_create(
            network=network,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=27),
            place=f"{participations[len(registrations) % len(participations)].participant_name} "
            "rådhus",
            title=f"Samling om {network.themes.all()[0].name.lower()}",
        )
        for title, kind, partner in AGENDA:
            services.agenda_item_add(
                gathering=gathering,
                title=title,
                kind=kind,
                presenter="Innleder (demo)",
                partner=partners.get(partner),
            )
        past = gathering.ends_at < now
        if past:
            gathering.minutes = "Demodata: referat fra samlingen."
            gathering.save(update_fields=["minutes"])
        for participation in participations:
            # Most municipalities bring all three roles; some skip one.
            roles = [AttendeeRole.ELECTED, AttendeeRole.MANAGER, AttendeeRole.PROFESSIONAL]
            if _rng.random() < 0.3:
                roles.remove(_rng.choice(roles))
            if _rng.random() < 0.3:
                roles.append(AttendeeRole.OTHER)
            for role in roles:
                registrations.append(
                    Registration(
                        gathering=gathering,
                        participation=participation,
                        name=f"{_rng.choice(PEOPLE)} {participation.participant_name} (demo)",
                        role=role,
                        attended=(_rng.random() > 0.1) if past else None,
                    )
                )
        if past:
            evaluations += [
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
    bulk_create_with_history(registrations, Registration)
    bulk_create_with_history(evaluations, Evaluation)
    _projects(network, participations)
    return network


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


def _end(programme: Programme, participations: list[Participation]) -> None:
    """Close a finished programme: most complete, a few withdrew along the way (and left
    their network)."""
    if not programme.ends_on or programme.ends_on >= timezone.localdate():
        return
    for i, participation in enumerate(participations):
        if i % 17 == 5:
            left_on = datetime.date(programme.starts_on.year + 2, 6, 1)
            # Withdrawing ends the network membership on the same date (networks.receivers).
            participation_set_status(
                participation=participation,
                status=ParticipationStatus.WITHDRAWN,
                on=left_on,
                note="Demodata",
            )
        else:
            participation_set_status(
                participation=participation,
                status=ParticipationStatus.COMPLETED,
                on=programme.ends_on,
            )


def _municipality_pool(exclude: set[str]) -> dict[str, list[Municipality]]:
    pool: dict[str, list[Municipality]] = {}
    for m in Municipality.objects.current().select_related("county__ks_region").order_by("number"):
        if m.number not in exclude and m.county.ks_region:
            pool.setdefault(m.county.ks_region.code, []).append(m)
    return pool


def _extra_networks(
    programmes: dict[str, Programme], used: dict[str, set[str]]
) -> list[tuple[str, str, str, str, list[Municipality]]]:
    """Networks across every KS region: Livskraftige kommuner from fresh municipalities; the
    other two programmes recruit among those (as the real programmes did)."""
    regions = {r.code: r for r in KsRegion.objects.all()}
    pool = _municipality_pool(set().union(*used.values()))
    region_advisers: dict[str, list[str]] = {}
    for local, _, region in ADVISERS:
        region_advisers.setdefault(region, []).append(local)
    sizes = itertools.cycle([4, 5, 4, 6, 3, 5, 4, 7, 5])
    region_order = ["nord", "midt", "vest", "sor", "innlandet", "oslo-akershus", "viken"]
    plan = []
    recruited: dict[str, list[Municipality]] = {}
    for slug, count in (
        ("livskraftige-kommuner", 28),
        ("gronne-energikommuner", 3),
        ("helse-og-miljokommuner", 5),
    ):
        source = (
            pool
            if slug == "livskraftige-kommuner"
            else {region: list(members) for region, members in recruited.items()}
        )
        short = programmes[slug].name.split()[0]
        for i in range(count):
            region = region_order[i % len(region_order)]
            size = 5 if slug == "gronne-energikommuner" else next(sizes)
            if len(source.get(region, [])) < size:
                continue
            members = [source[region].pop(_rng.randrange(len(source[region]))) for _ in range(size)]
            if slug == "livskraftige-kommuner":
                recruited.setdefault(region, []).extend(members)
            adviser = region_advisers[region][i % len(region_advisers[region])]
            label = regions[region].name.removeprefix("KS ")
            plan.append(
                (f"{short} {label} {i // len(region_order) + 1}", slug, region, adviser, members)
            )
    return plan


@transaction.atomic
def demo_networks_load(*, full: bool = True) -> None:
    """Load the demo networks (see the module docstring). Does nothing if they exist."""
    _rng.seed(2006)
    programmes = demo_programmes_load()
    advisers = _advisers()
    if Network.objects.filter(slug="salten-livskraft").exists():
        return
    regions = {r.code: r for r in KsRegion.objects.all()}
    national = (
        User.objects.filter(role_assignments__role=Role.NATIONAL_COORDINATOR).first()
        or advisers["radgiver.nord"]
    )
    partners = {
        "Idébanken": Organisation.objects.get_or_create(
            name="Idébanken", defaults={"kind": Organisation.Kind.PARTNER}
        )[0]
    }
    by_programme: dict[str, list[Participation]] = {slug: [] for slug in programmes}
    used: dict[str, set[str]] = {slug: set() for slug in programmes}
    plan: list[tuple[str, str, str, str, list[Municipality]]] = []
    for name, slug, region, adviser, numbers in CORE:
        municipalities = list(Municipality.objects.filter(number__in=numbers))
        plan.append((name, slug, region, adviser, municipalities))
        used[slug] |= set(numbers)
    if full:
        plan += _extra_networks(programmes, used)
    for name, slug, region, adviser, municipalities in plan:
        programme = programmes[slug]
        start = programme.starts_on + datetime.timedelta(days=_rng.randint(30, 200))
        participations = [
            _apply(
                programme,
                national,
                municipality=m,
                applied_on=start,
                with_decision=_rng.random() > 0.1,
            )
            for m in municipalities
        ]
        if slug == "gronne-energikommuner" and name == "Grønn energi Nord":
            participations.append(
                _apply(
                    programme, national, county=County.objects.get(number="18"), applied_on=start
                )
            )
        by_programme[slug] += participations
        _network(
            name=name,
            programme=programme,
            region=regions[region],
            adviser=advisers[adviser],
            participations=participations,
            partners=partners,
        )
    # Two applications waiting for approval in the running programme.
    health = programmes["helse-og-miljokommuner"]
    for number in ("1833", "1806"):
        participation_apply(
            programme=health,
            municipality=Municipality.objects.get(number=number),
            themes=list(health.themes.all()[:2]),
            applied_on=timezone.localdate() - datetime.timedelta(days=10),
            local_challenges="Demodata: mange eldre og lange avstander.",
            accepts_expectations=True,
        )
    for slug, participations in by_programme.items():
        _end(programmes[slug], participations)


# State bodies in the demo dialogue forum: (name, kind, invited, present).
FORUM_STATE_BODIES = [
    ("Klima- og miljødepartementet", Organisation.Kind.MINISTRY, True, True),
    ("Miljødirektoratet", Organisation.Kind.DIRECTORATE, True, True),
    ("Helsedirektoratet", Organisation.Kind.DIRECTORATE, True, False),
    ("Statsforvalteren i Nordland", Organisation.Kind.COUNTY_GOVERNOR, True, True),
]


@transaction.atomic
def demo_dialogue_forum_load(network_slug: str = "helse-og-miljo-salten") -> None:
    """A dialogue forum between the network and the state, held six weeks ago, with state
    participants, outcomes and follow-up actions (one overdue, one done, one coming).
    Idempotent: does nothing if the network already has a dialogue forum."""
    network = Network.objects.filter(slug=network_slug).first()
    if network is None or network.gatherings.filter(kind=Gathering.Kind.DIALOGUE_FORUM).exists():
        return
    bodies = {
        name: Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0]
        for name, kind, _invited, _present in FORUM_STATE_BODIES
    }
    starts = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    starts -= datetime.timedelta(days=42)
    forum = services.gathering_create(
        network=network,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=6),
        place="Bodø rådhus",
        title="Dialogforum med staten om folkehelse og klima (demo)",
    )
    services.agenda_item_add(
        gathering=forum,
        title="Kommunenes innspill om Klimasats og folkehelseprogrammet",
        kind=AgendaItem.Kind.EXCHANGE,
        presenter="Rådgiver i nettverket (demo)",
    )
    forum.minutes = "Demodata: referat fra dialogforumet."
    forum.save(update_fields=["minutes"])
    bulk_create_with_history(
        [
            Registration(
                gathering=forum,
                participation=invitation.participation,
                name=f"{_rng.choice(PEOPLE)} {invitation.participation.participant_name} (demo)",
                role=role,
                attended=True,
            )
            for invitation in forum.invitations.select_related(
                "participation__municipality", "participation__county"
            )
            for role in (AttendeeRole.ELECTED, AttendeeRole.PROFESSIONAL)
        ],
        Registration,
    )
    services.gathering_dialogue_update(
        gathering=forum,
        kind=Gathering.Kind.DIALOGUE_FORUM,
        outcomes=(
            "Demodata: Miljødirektoratet vurderer enklere søknad om Klimasats for små kommuner. "
            "Statsforvalteren tilbyr felles planveiledning for nettverket."
        ),
        invited=[bodies[name] for name, _k, invited, _p in FORUM_STATE_BODIES if invited],
        present=[bodies[name] for name, _k, _i, present in FORUM_STATE_BODIES if present],
    )
    today = timezone.localdate()
    services.follow_up_add(
        gathering=forum,
        text="Sende samlet innspill om Klimasats-søknaden til Miljødirektoratet (demo)",
        owner_name="Rådgiver i nettverket",
        deadline=today - datetime.timedelta(days=10),
    )
    done = services.follow_up_add(
        gathering=forum,
        text="Avtale dato for felles planveiledning (demo)",
        owner_organisation=bodies["Statsforvalteren i Nordland"],
        deadline=today - datetime.timedelta(days=20),
    )
    services.follow_up_set_status(action=done, done=True, today=today - datetime.timedelta(days=25))
    services.follow_up_add(
        gathering=forum,
        text="Svare på kommunenes forslag om forenklet rapportering (demo)",
        owner_name="Seniorrådgiver",
        owner_organisation=bodies["Miljødirektoratet"],
        deadline=today + datetime.timedelta(days=30),
    )
