"""Demo citizens, proposals, consultations, volunteer arenas and activities, partners and
partnerships. Demo data: names and titles end with "(demo)", addresses are under
demo.kommunenettverk.no, and descriptions of real organisations say they are demo text."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from kommunenettverk.accounts.models import Organisation, Role, User
from kommunenettverk.community.models import (
    Activity,
    Citizen,
    Consultation,
    Partner,
    Partnership,
    Proposal,
    SignUp,
    VolunteerArena,
)
from kommunenettverk.community.services import (
    consultation_save,
    partner_save,
    proposal_answer,
    proposal_approve,
    proposal_reject,
    proposal_submit,
    volunteer_effort_publish,
)
from kommunenettverk.community.services.proposals import Target
from kommunenettverk.core.demo import acting, backdate
from kommunenettverk.plans.models import Goal, Measure
from kommunenettverk.registry.models import KsRegion, Municipality

DEMO = " (demo)"
DOMAIN = "demo.kommunenettverk.no"
K = Organisation.Kind
L = Partner.Level

# (name, kind, level, org number or "", description). Org numbers only where we know them.
PARTNERS: list[tuple[str, str, str, str, str]] = [
    ("KS", K.KS, L.NATIONAL, "971032146", "Kommunesektorens organisasjon: nettverk og kurs."),
    (
        "Klima- og miljødepartementet",
        K.MINISTRY,
        L.NATIONAL,
        "972417858",
        "Eier nasjonal klima- og miljøpolitikk; mottar innspill fra nettverkene.",
    ),
    ("Miljødirektoratet", K.DIRECTORATE, L.NATIONAL, "", "Klimasats-støtte og veiledning."),
    ("Helsedirektoratet", K.DIRECTORATE, L.NATIONAL, "", "Folkehelsearbeid og friskliv."),
    ("Idébanken", K.PARTNER, L.NATIONAL, "", "Eksempler og metoder for bærekraftige lokalsamfunn."),
    ("Miljøfyrtårn", K.PARTNER, L.NATIONAL, "", "Miljøsertifisering av virksomheter."),
    ("Grønn Hverdag", K.PARTNER, L.NATIONAL, "", "Bærekraftig forbruk i hverdagen."),
    ("GRIP", K.PARTNER, L.NATIONAL, "", "Grønn innkjøpspraksis og produksjon."),
    ("Statsforvalteren i Nordland", K.COUNTY_GOVERNOR, L.REGIONAL, "", "Veiledning om plan."),
    ("Nordland fylkeskommune", K.COUNTY_MUNICIPALITY, L.REGIONAL, "", "Regional planlegging."),
    ("Statsforvalteren i Vestland", K.COUNTY_GOVERNOR, L.REGIONAL, "", "Veiledning om plan."),
]
# The KS region of each regional partner (its regional advisers keep the entry).
REGIONS = {
    "Statsforvalteren i Nordland": "nord",
    "Nordland fylkeskommune": "nord",
    "Statsforvalteren i Vestland": "vest",
}
# Local demo partners: invented organisations with invented (but mod-11 valid) numbers.
LOCAL_PARTNERS: list[tuple[str, str, str, str, str]] = [
    ("Bodø turlag" + DEMO, K.VOLUNTARY, "1804", "991000011", "Rydder og merker stier."),
    ("Bodø sykkelverksted" + DEMO, K.BUSINESS, "1804", "991000038", "Reparerer sykler."),
    ("Vossestrand bygdelag" + DEMO, K.VOLUNTARY, "4621", "991000046", "Dugnad i grendene."),
]

CITIZENS = [("innbygger.anna", "Anna" + DEMO), ("innbygger.ola", "Ola" + DEMO)]


def _partners() -> dict[str, Partner]:
    partners = {}
    for name, kind, level, org_number, description in PARTNERS:
        partners[name] = partner_save(
            name=name,
            kind=kind,
            level=level,
            org_number=org_number,
            description=f"{description} (Demobeskrivelse.)",
            region=KsRegion.objects.get(code=REGIONS[name]) if name in REGIONS else None,
        )
    for name, kind, number, org_number, description in LOCAL_PARTNERS:
        partners[name] = partner_save(
            name=name,
            kind=kind,
            level=L.LOCAL,
            org_number=org_number,
            description=description,
            municipality=Municipality.objects.get(number=number),
        )
    return partners


def _partnerships(partners: dict[str, Partner], today: datetime.date) -> None:
    rows = [
        ("1804", "Idébanken", "Bærekraftig stedsutvikling", "Idéverksted om sentrum."),
        ("1804", "Statsforvalteren i Nordland", "Klimaplan", "Veiledning i rulleringen."),
        ("1804", "Bodø turlag" + DEMO, "Friluftsliv og folkehelse", "Stirydding og nærturer."),
        ("4621", "Grønn Hverdag", "Forbruk", "Bytte- og reparasjonsdager."),
        ("4621", "Vossestrand bygdelag" + DEMO, "Lokal dugnad", "Dugnad i grendene."),
    ]
    for number, partner, theme, purpose in rows:
        municipality = Municipality.objects.get(number=number)
        Partnership.objects.get_or_create(
            municipality=municipality,
            partner=partners[partner],
            theme=theme + DEMO,
            defaults={
                "purpose": purpose,
                "starts_on": today.replace(month=1, day=1),
                "ends_on": today.replace(year=today.year + 2, month=12, day=31),
                "contact": "Miljørådgiver" + DEMO,
            },
        )


def _sign_up(activity: Activity, n: int, status: str, reminded: bool = False) -> None:
    SignUp.objects.get_or_create(
        activity=activity,
        email=f"frivillig{n}@{DOMAIN}",
        defaults={
            "name": f"Frivillig {n}{DEMO}",
            "phone": f"+47 400 00 {n:03d}",
            "status": status,
            "cancel_token": secrets.token_urlsafe(32),
            "reminder_sent_at": timezone.now() if reminded else None,
        },
    )


def _volunteering(number: str, organisation: Partner, now: datetime.datetime) -> None:
    municipality = Municipality.objects.get(number=number)
    if VolunteerArena.objects.filter(municipality=municipality).exists():
        return
    arena = VolunteerArena.objects.create(
        municipality=municipality,
        name="Stiryddergruppa" + DEMO,
        description="Vi rydder, merker og vedlikeholder turstier i nærmarka, hver måned.",
        place="Nærmarka",
    )
    arena.organisations.set([organisation.organisation])
    repair = VolunteerArena.objects.create(
        municipality=municipality,
        name="Reparasjonskafé på biblioteket" + DEMO,
        description="Frivillige hjelper naboer å reparere klær, sykler og småelektronikk.",
        place="Biblioteket",
    )
    at = now.replace(hour=10, minute=0, second=0, microsecond=0)
    full = Activity.objects.create(
        arena=arena,
        title="Stirydding ved utsiktspunktet" + DEMO,
        description="Ta med arbeidshansker. Kommunen spanderer lunsj.",
        starts_at=at + datetime.timedelta(days=14),
        duration_hours=Decimal("3"),
        place="Parkeringsplassen ved lysløypa",
        capacity=3,
    )
    for n in range(1, 4):
        _sign_up(full, n, SignUp.Status.CONFIRMED)
    for n in range(4, 6):
        _sign_up(full, n, SignUp.Status.WAITING)
    open_activity = Activity.objects.create(
        arena=repair,
        title="Reparasjonskveld" + DEMO,
        starts_at=at + datetime.timedelta(days=21, hours=8),
        duration_hours=Decimal("2.5"),
        place="Biblioteket, 1. etasje",
        capacity=10,
    )
    _sign_up(open_activity, 6, SignUp.Status.CONFIRMED)
    _sign_up(open_activity, 1, SignUp.Status.CONFIRMED)
    past = Activity.objects.create(
        arena=arena,
        title="Vårdugnad på stiene" + DEMO,
        starts_at=at - datetime.timedelta(days=20),
        duration_hours=Decimal("4"),
        place="Parkeringsplassen ved lysløypa",
        capacity=8,
    )
    for n in range(1, 7):
        _sign_up(past, n, SignUp.Status.CONFIRMED, reminded=True)


def _coordinator(municipality: Municipality) -> User | None:
    """The municipality's own demo coordinator (the only one the rules let moderate)."""
    return (
        User.objects.filter(
            role_assignments__role=Role.MUNICIPAL_COORDINATOR,
            role_assignments__scope_type=ContentType.objects.get_for_model(Municipality),
            role_assignments__scope_id=municipality.pk,
        )
        .order_by("pk")
        .first()
    )


def _citizens(number: str, today: datetime.date) -> None:
    """Consultations and proposals of one municipality, moderated and answered by its own
    coordinator through the services, as on the moderation page."""
    municipality = Municipality.objects.get(number=number)
    if Consultation.objects.filter(municipality=municipality).exists():
        return
    coordinator = _coordinator(municipality)
    if coordinator is None:
        return
    acting(coordinator, "community.manage_consultations", municipality)
    open_consultation = consultation_save(
        municipality=municipality,
        fields={
            "title": "Hvor skal nye sykkelveier gå?" + DEMO,
            "text": "Kommunen rullerer sykkelplanen og vil vite hvor du savner trygge sykkelveier.",
            "deadline": today + datetime.timedelta(days=30),
        },
    )
    consultation_save(
        municipality=municipality,
        fields={
            "title": "Nærmiljøanlegg i sentrum" + DEMO,
            "text": "Hvilke aktiviteter ønsker du i det nye nærmiljøanlegget?",
            "deadline": today - datetime.timedelta(days=10),
        },
    )
    citizens = [
        Citizen.objects.get_or_create(email=f"{local}@{DOMAIN}", defaults={"display_name": name})[0]
        for local, name in CITIZENS
    ]
    goal = Goal.objects.filter(municipality=municipality, published=True).order_by("pk").first()
    measure = (
        Measure.objects.published().filter(goal__municipality=municipality).order_by("pk").first()
    )
    now = timezone.now()
    S = Proposal.Status
    rows: list[tuple[Citizen, Target | None, str, str, str, str, str]] = [
        (
            citizens[0],
            goal,
            "Sykkelparkering ved skolene",
            "Flere skoler mangler overbygd sykkelparkering.",
            S.APPROVED,
            "",
            "Vi tar det med i budsjettet for neste år.",
        ),
        (
            citizens[1],
            measure,
            "",
            "Bra tiltak! Kan ladeplassene åpnes for innbyggere om kvelden?",
            S.APPROVED,
            "",
            "",
        ),
        (
            citizens[0],
            open_consultation,
            "Sykkelvei langs fjorden",
            "En sammenhengende sykkelvei langs fjorden ville gjort det tryggere.",
            S.PENDING,
            "",
            "",
        ),
        (
            citizens[1],
            goal,
            "Felles bildeling",
            "Kommunen kan starte en bildelingsordning med elbiler.",
            S.PENDING,
            "",
            "",
        ),
        (
            citizens[1],
            open_consultation,
            "Kjøp billig",
            "Usaklig innlegg om et helt annet tema.",
            S.REJECTED,
            "Innspillet handler ikke om sykkelveier.",
            "",
        ),
    ]
    for days_ago, (citizen, target, title, text, status, reason, answer) in zip(
        range(12, 0, -2), rows, strict=False
    ):
        if target is None:
            continue
        sent = now - datetime.timedelta(days=days_ago, hours=3)
        since = timezone.now()
        proposal = proposal_submit(
            citizen=citizen,
            target=target,
            kind=Proposal.Kind.COMMENT if not title else Proposal.Kind.PROPOSAL,
            title=title + (DEMO if title else ""),
            text=text,
        )
        if status != S.PENDING:
            moderator = acting(coordinator, "community.moderate_proposals", proposal)
            if status == S.APPROVED:
                proposal_approve(proposal=proposal, by=moderator)
            else:
                proposal_reject(proposal=proposal, by=moderator, reason=reason)
            if answer:
                proposal_answer(proposal=proposal, by=moderator, answer=answer)
        # Sent some days ago (so the hourly limits do not count them), moderated the next day.
        backdate([proposal], sent, since=since)
        moderated = sent + datetime.timedelta(days=1)
        Proposal.objects.filter(pk=proposal.pk, moderated_at__isnull=False).update(
            moderated_at=moderated
        )
        Proposal.objects.filter(pk=proposal.pk, answered_at__isnull=False).update(
            answered_at=moderated
        )


def _past_years(number: str, today: datetime.date) -> None:
    """An autumn clean-up in each of the last five years, with anonymised sign-ups (as they are
    30 days after an activity), so the indicators of voluntary effort have a time series."""
    arena = VolunteerArena.objects.get(municipality__number=number, name="Stiryddergruppa" + DEMO)
    tz = timezone.get_current_timezone()
    for years_ago in range(1, 6):
        year = today.year - years_ago
        activity, created = Activity.objects.get_or_create(
            arena=arena,
            title=f"Høstdugnad på stiene {year}{DEMO}",
            defaults={
                "starts_at": datetime.datetime(year, 9, 14, 10, tzinfo=tz),
                "duration_hours": Decimal("3"),
                "place": "Parkeringsplassen ved lysløypa",
                "capacity": 20,
            },
        )
        if created:
            SignUp.objects.bulk_create(
                SignUp(
                    activity=activity,
                    name="",
                    email="",
                    status=SignUp.Status.CONFIRMED,
                    cancel_token=secrets.token_urlsafe(32),
                    anonymised=True,
                )
                for _ in range(12 - 2 * years_ago)
            )


@transaction.atomic
def demo_community_load() -> None:
    """Create the community demo for Bodø and Voss. Idempotent."""
    today = timezone.localdate()
    now = timezone.now()
    partners = _partners()
    _partnerships(partners, today)
    _volunteering("1804", partners["Bodø turlag" + DEMO], now)
    _volunteering("4621", partners["Vossestrand bygdelag" + DEMO], now)
    _past_years("1804", today)
    _past_years("4621", today)
    volunteer_effort_publish(years=list(range(today.year - 5, today.year + 1)))
    _citizens("1804", today)
    _citizens("4621", today)
