"""Demo plans, goals, measures and reports (demo data: titles end with "(demo)")."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from kommunenettverk.accounts.models import Organisation, Role, User
from kommunenettverk.core.demo import acting, backdate
from kommunenettverk.core.workdays import next_working_day
from kommunenettverk.networks.models import DevelopmentProject, NetworkMembership
from kommunenettverk.plans import services
from kommunenettverk.plans.models import (
    AnnualReport,
    AnnualReportEntry,
    Goal,
    Measure,
    MeasureStatusUpdate,
    PlanDocument,
    ReportComment,
    ReportingRound,
)
from kommunenettverk.programmes.models import Participation, ParticipationStatus, Programme
from kommunenettverk.programmes.models import ThemeCode as Theme
from kommunenettverk.registry.models import KsRegion, Municipality

DEMO = " (demo)"
# Municipalities with a full demo strategy; Bodø and Voss have demo coordinators; Bodø and
# Fauske are both in the network "Helse og miljø Salten", whose strategy page sums them up.
DEMO_MUNICIPALITIES = ["1804", "4621", "5001", "3301", "1108", "4204", "3405", "5501", "1841"]
# Each municipality shares its goal on this theme with its current network (if any), and
# links measures to the network's development projects it takes part in.
SHARED_THEME = Theme.CLIMATE_ENERGY
PROJECT_FOR_MEASURE = {
    "Ladeplasser ved alle kommunale bygg": "Felles klima- og energiplan",
    "Turstier og nærturkart i alle grender": "Gang- og sykkelvegnett",
}

GOALS: list[tuple[Theme, str, str, list[tuple[str, str, str, int, int | None]]]] = [
    (
        Theme.CLIMATE_ENERGY,
        "Kommunens klimagassutslipp skal ned 55 % innen 2030 sammenlignet med 2009",
        "Transport og oppvarming står for det meste av utslippene i kommunen.",
        [
            ("Ladeplasser ved alle kommunale bygg", "practice", "in_progress", 40, 2_500_000),
            ("Klimabudsjett som del av økonomiplanen", "politics", "done", 100, None),
            ("Energisparing i skoler og sykehjem (ENØK)", "practice", "delayed", 25, 4_000_000),
        ],
    ),
    (
        Theme.LAND_USE,
        "Ny utbygging skal skje innenfor eksisterende tettsteder",
        "Nedbygging av matjord og natur har økt de siste ti årene.",
        [
            ("Arealregnskap i kommuneplanens arealdel", "plan", "in_progress", 60, None),
            ("Fortetting rundt kollektivknutepunkt", "plan", "planned", 0, None),
        ],
    ),
    (
        Theme.QUALITY_OF_LIFE_HEALTH,
        "Flere innbyggere skal være fysisk aktive i nærmiljøet",
        "Folkehelseoversikten viser lav fysisk aktivitet blant unge voksne.",
        [
            ("Turstier og nærturkart i alle grender", "practice", "done", 100, 600_000),
            ("Frisklivssentral med lavterskeltilbud", "practice", "in_progress", 70, 1_200_000),
            ("Folkehelse som tema i alle politiske saker", "politics", "stopped", 10, None),
        ],
    ),
    (
        Theme.CULTURAL_HERITAGE,
        "Kulturarven skal brukes aktivt i nærings- og stedsutvikling",
        "Mange verneverdige bygg står tomme.",
        [],
    ),
]


@transaction.atomic
def demo_plans_load() -> None:
    """Create the demo strategy for each demo municipality. Idempotent: skips those done."""
    partners = list(Organisation.objects.exclude(kind=Organisation.Kind.MUNICIPALITY)[:2])
    today = timezone.localdate()
    for index, number in enumerate(DEMO_MUNICIPALITIES):
        municipality = Municipality.objects.filter(number=number).first()
        if municipality is None or Goal.objects.filter(municipality=municipality).exists():
            continue
        # Only the municipality's own coordinator reports for it, and only an adviser of its
        # region comments (the rules these pages enforce); without a demo coordinator the
        # status updates and reports carry no author.
        coordinator = _holder(Role.MUNICIPAL_COORDINATOR, municipality)
        adviser = _holder(Role.REGIONAL_ADVISER, municipality.county.ks_region)
        plans = _plans(municipality, overdue=index % 3 == 2)
        membership = (
            NetworkMembership.objects.filter(
                participation__municipality=municipality, left_on__isnull=True
            )
            .select_related("network")
            .order_by("-joined_on")
            .first()
        )
        network = membership.network if membership else None
        projects = {
            project.title: project
            for project in DevelopmentProject.objects.filter(
                network=network, participations__municipality=municipality
            )
        }
        for goal_index, (theme, statement, rationale, measures) in enumerate(GOALS):
            goal = Goal.objects.create(
                network=network if theme == SHARED_THEME else None,
                municipality=municipality,
                themes=[theme.value],
                statement=statement + DEMO,
                rationale=rationale,
                plan_document=plans["samfunnsdel"],
                plan_section=f"Kapittel {goal_index + 3}",
                published=goal_index != 1 or index % 2 == 0,
            )
            for title, dimension, status, progress, budget in measures:
                measure = Measure.objects.create(
                    goal=goal,
                    title=title + DEMO,
                    dimension=dimension,
                    responsible_unit="Plan og utvikling",
                    plan_document=plans["handlingsdel"] if budget or dimension == "plan" else None,
                    budget_amount=Decimal(budget) if budget else None,
                    budget_year=today.year if budget else None,
                    start=datetime.date(today.year - 1, 3, 1),
                    end=datetime.date(today.year + 1, 12, 31),
                    status=status,
                    progress=progress,
                    published=status != "stopped",
                    development_project=projects.get(PROJECT_FOR_MEASURE.get(title, "")),
                )
                measure.partners.set(partners)
                MeasureStatusUpdate.objects.create(
                    measure=measure,
                    date=datetime.date(today.year, 6, 1),
                    status=status,
                    progress=progress,
                    note="Rapportert av kommunekoordinator (demo).",
                    author=coordinator,
                )
        _reports(municipality, coordinator=coordinator, adviser=adviser, year=today.year)
    _reporting_round(today)


def _reporting_round(today: datetime.date) -> None:
    """The national coordinator's reporting round for this year's reports in the running
    programme most demo municipalities take part in, due in February; about half of them
    (never Bodø, whose coordinator the walk-through follows) have submitted. Idempotent."""
    running = list(
        Participation.objects.filter(
            municipality__number__in=DEMO_MUNICIPALITIES, status=ParticipationStatus.ACTIVE
        ).values_list("programme", flat=True)
    )
    if not running or ReportingRound.objects.filter(year=today.year).exists():
        return
    programme_id = max(sorted(set(running)), key=running.count)
    national = (
        User.objects.filter(
            role_assignments__role=Role.NATIONAL_COORDINATOR, role_assignments__scope_type=None
        )
        .order_by("pk")
        .first()
    )
    services.reporting_round_open(
        programme=Programme.objects.get(pk=programme_id),
        year=today.year,
        deadline=next_working_day(datetime.date(today.year + 1, 2, 15)),
        user=acting(national, "plans.open_round", None),
    )
    for offset, number in enumerate(DEMO_MUNICIPALITIES[1::2]):
        draft = AnnualReport.objects.filter(
            municipality__number=number,
            participation__programme=programme_id,
            year=today.year,
            status=AnnualReport.Status.DRAFT,
        ).first()
        if draft is None:
            continue
        coordinator = _holder(Role.MUNICIPAL_COORDINATOR, draft.municipality)
        if coordinator is not None:
            services.annual_report_submit(
                report=draft, user=acting(coordinator, "plans.edit_municipality_plans", draft)
            )
        else:
            # Like the demo's other reports of municipalities without a demo coordinator:
            # submitted, without an author.
            AnnualReport.objects.filter(pk=draft.pk).update(
                status=AnnualReport.Status.SUBMITTED,
                submitted_at=timezone.now() - datetime.timedelta(days=3 + offset),
            )


def _holder(role: str, scope: Municipality | KsRegion | None) -> User | None:
    """The first demo user holding `role` over exactly `scope`."""
    if scope is None:
        return None
    return (
        User.objects.filter(
            role_assignments__role=role,
            role_assignments__scope_type=ContentType.objects.get_for_model(scope),
            role_assignments__scope_id=scope.pk,
        )
        .order_by("pk")
        .first()
    )


def _submitted_at(report_year: int) -> datetime.datetime:
    """A report is sent in February after its year (never later than yesterday)."""
    day = next_working_day(datetime.date(report_year + 1, 2, 14))
    tz = timezone.get_current_timezone()
    at = datetime.datetime.combine(day, datetime.time(14, 0), tz)
    return min(at, timezone.now() - datetime.timedelta(days=1))


def _plans(municipality: Municipality, *, overdue: bool) -> dict[str, PlanDocument]:
    def plan(kind: str, title: str, adopted: datetime.date | None, **extra: object) -> PlanDocument:
        return PlanDocument.objects.create(
            municipality=municipality,
            kind=kind,
            title=title + DEMO,
            status="adopted" if adopted else "in_preparation",
            adopted_on=adopted,
            adopting_body="Kommunestyret" if adopted else "",
            case_reference=f"{adopted.year}/{100 + len(title)}" if adopted else "",
            **extra,
        )

    year = timezone.localdate().year
    plan("folkehelseoversikt", "Oversikt over folkehelsa 2019", datetime.date(2019, 9, 1))
    plan("planstrategi", "Kommunal planstrategi 2020–2023", datetime.date(2020, 9, 17))
    if not overdue:
        plan("folkehelseoversikt", "Oversikt over folkehelsa 2023", datetime.date(2023, 9, 1))
        plan("planstrategi", "Kommunal planstrategi 2024–2027", datetime.date(2024, 6, 20))
    samfunnsdel = plan(
        "samfunnsdel",
        "Kommuneplanens samfunnsdel 2021–2033",
        datetime.date(2021, 6, 17),
        period_start=2021,
        period_end=2033,
    )
    plan(
        "temaplan",
        "Klima- og energiplan 2022–2030",
        datetime.date(2022, 3, 24),
        period_start=2022,
        period_end=2030,
    )
    handlingsdel = None
    for budget_year in range(2020, year + 1):
        handlingsdel = plan(
            "okonomiplan",
            f"Økonomiplan {budget_year}–{budget_year + 3}",
            datetime.date(budget_year - 1, 12, 12),
            period_start=budget_year,
            period_end=budget_year + 3,
        )
    plan("arealdel", "Kommuneplanens arealdel (rullering)", None)
    assert handlingsdel is not None
    return {"samfunnsdel": samfunnsdel, "handlingsdel": handlingsdel}


def _reports(
    municipality: Municipality, *, coordinator: User | None, adviser: User | None, year: int
) -> None:
    measures = list(Measure.objects.filter(goal__municipality=municipality).select_related("goal"))
    # Reports are per programme: the running one, and one from a finished programme.
    participations = Participation.objects.filter(municipality=municipality)
    running = participations.filter(status=ParticipationStatus.ACTIVE).first()
    finished = participations.filter(status=ParticipationStatus.COMPLETED).first()

    def report(
        report_year: int,
        version: int,
        status: str,
        participation: Participation | None = running,
    ) -> AnnualReport:
        submitted = status == "submitted"
        created = AnnualReport.objects.create(
            municipality=municipality,
            participation=participation,
            year=report_year,
            version=version,
            status=status,
            summary="Et år med god framdrift på klima og folkehelse (demo).",
            submitted_at=_submitted_at(report_year) if submitted else None,
            submitted_by=coordinator if submitted else None,
        )
        if submitted:
            backdate([created], _submitted_at(report_year))
        AnnualReportEntry.objects.bulk_create(
            AnnualReportEntry(
                report=created,
                measure=m,
                goal_statement=m.goal.statement,
                measure_title=m.title,
                status=m.status,
                results="Tiltaket er i rute (demo)." if m.progress >= 50 else "",
                obstacles="Mangler kapasitet (demo)." if m.status == "delayed" else "",
            )
            for m in measures
        )
        return created

    first = report(year - 2, 1, "submitted")
    if adviser is not None:
        comment = ReportComment.objects.create(
            report=first,
            author=acting(adviser, "plans.comment_report", first),
            text="Godt arbeid med forankringen i økonomiplanen (demo).",
        )
        assert first.submitted_at is not None
        backdate([comment], first.submitted_at + datetime.timedelta(days=12))
    report(year - 1, 1, "submitted")
    report(year - 1, 2, "draft")
    report(year, 1, "draft")
    if finished is not None and finished.programme.ends_on:
        report(finished.programme.ends_on.year, 1, "submitted", finished)
