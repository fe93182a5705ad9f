"""Demo data that gives every demo role something on "Mine oppgaver" (web.worklist), dated
relative to today like the rest of the demo. Each part is idempotent and small, and runs after
the apps' own demo loaders (web.demo):

- the national coordinator and the adviser of KS Nord-Norge: a network in formation in
  Vesterålen with three municipalities (outside the 4–7 rule), and this year's reporting
  round closing within two weeks;
- the adviser of KS Nord-Norge: a one-day "fagdag" of Helse og miljø Salten that ended over a
  week ago without attendance, minutes or evaluation, and Fauske's annual report for this year
  submitted and not yet commented;
- Bodø's coordinator: this year's økonomiplan not adopted (overdue by the plan cycle) and the
  municipality's own count of Miljøfyrtårn businesses followed by a goal but not updated;
- Bodø's participant (Dina Deltaker): registered with her account for the coming gathering and
  for the fagdag, and the owner of a follow-up action from the fagdag.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from kommunenettverk.accounts.models import User
from kommunenettverk.core.demo import acting
from kommunenettverk.core.workdays import is_gathering_day, previous_working_day
from kommunenettverk.indicators.models import GoalIndicator, Indicator
from kommunenettverk.indicators.selectors import municipality_value_in_year
from kommunenettverk.indicators.services import goal_indicator_save
from kommunenettverk.networks import services as network_services
from kommunenettverk.networks.models import (
    AttendeeRole,
    FollowUpAction,
    Gathering,
    Network,
    Registration,
)
from kommunenettverk.plans.models import AnnualReport, Goal, PlanDocument, ReportingRound
from kommunenettverk.programmes.models import Participation, ParticipationStatus, Programme
from kommunenettverk.programmes.services import participation_apply, participation_approve
from kommunenettverk.registry.models import KsRegion, Municipality

DOMAIN = "demo.kommunenettverk.no"
RUNNING = "helse-og-miljokommuner"
FORMING_NAME = "Helse og miljø Vesterålen"
# Vesterålen (Sortland left out: its coordinator is still invited, accounts.demo).
FORMING_CANDIDATES = ["1866", "1868", "1867", "1871"]
SALTEN = "Helse og miljø Salten"
FAGDAG_TITLE = "Fagdag om folkehelseoversikten"
FOLLOW_UP_TEXT = "Dele Bodøs mal for folkehelseoversikten med nettverket (demo)"
OWN_INDICATOR = "miljofyrtarn"


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DOMAIN}")


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), timezone.get_current_timezone()
    )


@transaction.atomic
def demo_tasks_load() -> None:
    """Load each part below (see the module docstring). Idempotent."""
    programme = Programme.objects.filter(slug=RUNNING).first()
    if programme is None:
        return
    _network_in_formation(programme)
    _round_closing(programme)
    _report_to_comment(programme)
    _plan_overdue()
    _indicator_not_updated()
    _participant(programme)


def _network_in_formation(programme: Programme) -> None:
    """Three municipalities in Vesterålen approved a month ago; a fourth is expected."""
    if Network.objects.filter(name=FORMING_NAME).exists():
        return
    adviser = _user("radgiver.nord")
    today = timezone.localdate()
    applied_on = previous_working_day(today - datetime.timedelta(days=60))
    approved_on = previous_working_day(today - datetime.timedelta(days=30))
    themes = list(programme.themes.order_by("order")[: max(programme.min_themes, 2)])
    members: list[Participation] = []
    for number in FORMING_CANDIDATES:
        municipality = Municipality.objects.filter(number=number).first()
        if municipality is None or municipality.participations.filter(programme=programme):
            continue
        case_ref = f"{applied_on.year}/{300 + len(members) * 17}"
        participation = participation_apply(
            programme=programme,
            municipality=municipality,
            themes=themes,
            applied_on=applied_on,
            local_challenges="Demodata: lange avstander og få fagfolk på folkehelse.",
            decision_body="Kommunestyret",
            decision_date=previous_working_day(applied_on - datetime.timedelta(days=14)),
            decision_case_ref=case_ref,
            decision_url=f"https://innsyn.example.no/{number}/sak/{case_ref}",
            accepts_expectations=True,
        )
        members.append(
            participation_approve(
                participation=participation,
                user=acting(adviser, "programmes.approve_participation", participation),
                on=approved_on,
            )
        )
        if len(members) == 3:
            break
    if not members:
        return
    network = network_services.network_save(
        programme=programme,
        ks_region=KsRegion.objects.get(code="nord"),
        name=FORMING_NAME,
        adviser=adviser,
        themes=themes,
        established_on=approved_on,
        description="Demodata: nettverk under oppstart; én kommune til vurderer å søke.",
    )
    for participation in members:
        network_services.network_add_member(
            network=network, participation=participation, joined_on=approved_on
        )


def _round_closing(programme: Programme) -> None:
    """This year's round (plans.demo, due in February) closes within two weeks: the programme
    asked for the reports early. The only round, so Bodø's coordinator still has one report
    to send in it (the browser walk-through submits it)."""
    today = timezone.localdate()
    deadline = max(today, previous_working_day(today + datetime.timedelta(days=10)))
    ReportingRound.objects.filter(
        programme=programme, year=today.year, deadline__gt=deadline
    ).update(deadline=deadline)


def _report_to_comment(programme: Programme) -> None:
    """Fauske (no demo coordinator) submitted this year's report two days ago."""
    AnnualReport.objects.filter(
        municipality__number="1841",
        participation__programme=programme,
        year=timezone.localdate().year,
        status=AnnualReport.Status.DRAFT,
    ).update(
        status=AnnualReport.Status.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=2),
    )


def _plan_overdue() -> None:
    """Bodø's økonomiplan for this year was not adopted in December: still in preparation."""
    year = timezone.localdate().year
    PlanDocument.objects.filter(
        municipality__number="1804", kind="okonomiplan", period_start=year
    ).update(status=PlanDocument.Status.IN_PREPARATION, adopted_on=None, case_reference="")


def _indicator_not_updated() -> None:
    """Bodø's climate goal follows its own count of Miljøfyrtårn businesses (demo values end
    some years back, so the count is due)."""
    indicator = Indicator.objects.filter(code=OWN_INDICATOR, source=Indicator.Source.OWN).first()
    goal = next(
        (
            g
            for g in Goal.objects.filter(municipality__number="1804").order_by("pk")
            if "climate_energy" in g.themes
        ),
        None,
    )
    if indicator is None or goal is None:
        return
    if GoalIndicator.objects.filter(goal=goal, indicator=indicator).exists():
        return
    baseline_year = 2015
    baseline = municipality_value_in_year(indicator, "1804", baseline_year)
    goal_indicator_save(
        goal=goal,
        indicator=indicator,
        baseline_year=baseline_year,
        baseline_value=baseline if baseline is not None else 20,
        target_year=2030,
        target_value=round(2 * (baseline or 20)),
    )


def _participant(programme: Programme) -> None:
    """Dina Deltaker registers for Helse og miljø Salten's last planned gathering with her
    account (the next one stays open for her to register for in the walk-through),
    and took part in a fagdag that the adviser has not wrapped up; she owns its follow-up."""
    network = Network.objects.filter(name=SALTEN).first()
    if network is None or FollowUpAction.objects.filter(text=FOLLOW_UP_TEXT).exists():
        return
    dina = _user("deltaker.bodo")
    bodo = Participation.objects.get(
        programme=programme, municipality__number="1804", status=ParticipationStatus.ACTIVE
    )
    now = timezone.now()
    coming = (
        Gathering.objects.filter(network=network, starts_at__gt=now)
        .filter(invitations__participation=bodo)
        .order_by("-starts_at")
        .first()
    )
    if coming is None:
        coming = (
            Gathering.objects.filter(network=network, starts_at__gt=now)
            .order_by("-starts_at")
            .first()
        )
        if coming is not None:
            network_services.gathering_invite(gathering=coming)
    if coming is not None and (coming.registration_deadline or coming.starts_at) > now:
        network_services.gathering_register(
            gathering=coming,
            user=dina,
            participation=bodo,
            name=dina.full_name,
            role=AttendeeRole.PROFESSIONAL,
        )
    # The fagdag: one working day at least ten days ago, 09:30–15:30 in Bodø.
    day = timezone.localdate() - datetime.timedelta(days=10)
    while not is_gathering_day(day) or day.month == 7:
        day -= datetime.timedelta(days=1)
    fagdag = network_services.gathering_create(
        network=network,
        starts_at=_at(day, 9, 30),
        ends_at=_at(day, 15, 30),
        place="Bodø rådhus",
        title=FAGDAG_TITLE,
    )
    members = list(
        Participation.objects.filter(
            memberships__network=network, memberships__left_on=None
        ).select_related("municipality")
    )
    registered = _at(previous_working_day(day - datetime.timedelta(days=14)), 12)
    registrations = [
        Registration(
            gathering=fagdag,
            participation=p,
            name=f"Folkehelsekoordinator {p.participant_name} (demo)",
            role=AttendeeRole.PROFESSIONAL,
        )
        for p in members
        if p.pk != bodo.pk
    ]
    registrations.append(
        Registration(
            gathering=fagdag,
            participation=bodo,
            user=dina,
            registered_by=dina,
            name=dina.full_name,
            role=AttendeeRole.PROFESSIONAL,
        )
    )
    Registration.objects.bulk_create(registrations)
    Registration.objects.filter(gathering=fagdag).update(registered_at=registered)
    network_services.follow_up_add(
        gathering=fagdag,
        text=FOLLOW_UP_TEXT,
        owner_user=dina,
        deadline=timezone.localdate() + datetime.timedelta(days=14),
    )
