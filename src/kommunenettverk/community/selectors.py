"""Reads for the municipality portal, proposals, volunteering, partners and a citizen's data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

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
from kommunenettverk.ideabank.models import Example
from kommunenettverk.indicators.models import IndicatorResult
from kommunenettverk.indicators.selectors import municipality_results
from kommunenettverk.plans.models import Goal
from kommunenettverk.plans.selectors import goal_list
from kommunenettverk.registry.models import Municipality


def activity_queryset() -> QuerySet[Activity]:
    """Activities with their arena and the number of confirmed and waiting sign-ups."""
    return Activity.objects.select_related("arena__municipality").annotate(
        confirmed_count=Count("sign_ups", filter=Q(sign_ups__status=SignUp.Status.CONFIRMED)),
        waiting_count=Count("sign_ups", filter=Q(sign_ups__status=SignUp.Status.WAITING)),
    )


def upcoming_activities(municipality: Municipality) -> QuerySet[Activity]:
    return activity_queryset().filter(
        arena__municipality=municipality, starts_at__gte=timezone.now()
    )


def arena_list(municipality: Municipality) -> QuerySet[VolunteerArena]:
    return VolunteerArena.objects.filter(municipality=municipality).prefetch_related(
        "organisations"
    )


def arena_get(pk: int) -> VolunteerArena:
    return (
        VolunteerArena.objects.select_related("municipality__county__ks_region")
        .prefetch_related("organisations")
        .get(pk=pk)
    )


def arena_activities(arena: VolunteerArena) -> QuerySet[Activity]:
    return activity_queryset().filter(arena=arena)


def activity_get(pk: int) -> Activity:
    return activity_queryset().select_related("arena__municipality__county__ks_region").get(pk=pk)


def activity_sign_ups(activity: Activity) -> QuerySet[SignUp]:
    """For the coordinator only: everyone signed up, confirmed first, in sign-up order."""
    return activity.sign_ups.filter(anonymised=False).order_by("status", "created_at", "pk")


def open_consultations(municipality: Municipality) -> QuerySet[Consultation]:
    return Consultation.objects.filter(
        municipality=municipality, deadline__gte=timezone.localdate()
    ).order_by("deadline")


def consultation_list(municipality: Municipality) -> QuerySet[Consultation]:
    return Consultation.objects.filter(municipality=municipality)


def consultation_get(pk: int) -> Consultation:
    return Consultation.objects.select_related("municipality__county__ks_region").get(pk=pk)


def published_proposals(municipality: Municipality) -> QuerySet[Proposal]:
    """Approved proposals and comments, the newest first, with what they are about. A
    proposal on a goal or measure that is no longer published is hidden with it."""
    return (
        Proposal.objects.published()
        .filter(municipality=municipality)
        .filter(Q(goal__isnull=True) | Q(goal__published=True))
        .filter(Q(measure__isnull=True) | Q(measure__published=True, measure__goal__published=True))
        .select_related("goal", "measure", "consultation")
    )


def moderation_queue(municipality: Municipality) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(municipality=municipality, status=Proposal.Status.PENDING)
        .select_related("goal", "measure", "consultation")
        .order_by("created_at")
    )


def awaiting_answer(municipality: Municipality) -> QuerySet[Proposal]:
    return published_proposals(municipality).filter(answer="", kind=Proposal.Kind.PROPOSAL)


def recently_moderated(municipality: Municipality, limit: int = 20) -> list[Proposal]:
    return list(
        Proposal.objects.filter(municipality=municipality)
        .exclude(status=Proposal.Status.PENDING)
        .select_related("goal", "measure", "consultation", "moderated_by")
        .order_by("-moderated_at")[:limit]
    )


def proposal_get(pk: int) -> Proposal:
    return Proposal.objects.select_related(
        "municipality__county__ks_region", "citizen", "goal", "measure", "consultation"
    ).get(pk=pk)


def partnerships_of(municipality: Municipality) -> QuerySet[Partnership]:
    return Partnership.objects.filter(municipality=municipality).select_related(
        "partner__organisation"
    )


def partnership_get(pk: int) -> Partnership:
    return Partnership.objects.select_related(
        "municipality__county__ks_region", "partner__organisation"
    ).get(pk=pk)


def partner_list(level: str = "") -> QuerySet[Partner]:
    partners = Partner.objects.select_related("organisation").annotate(
        partnership_count=Count("partnerships")
    )
    return partners.filter(level=level) if level else partners


def partner_get(pk: int) -> Partner:
    return (
        Partner.objects.select_related("organisation__municipality__county__ks_region", "region")
        .prefetch_related(
            Prefetch(
                "partnerships",
                queryset=Partnership.objects.select_related("municipality").order_by(
                    "municipality__name", "-starts_on"
                ),
            )
        )
        .get(pk=pk)
    )


@dataclass
class Portal:
    """Everything on a municipality's page for inhabitants."""

    goals: QuerySet[Goal]
    consultations: QuerySet[Consultation]
    activities: list[Activity]
    arenas: QuerySet[VolunteerArena]
    partnerships: QuerySet[Partnership]
    proposals: list[Proposal]
    indicators: list[IndicatorResult]
    examples: list[Example]


def portal(municipality: Municipality) -> Portal:
    """The public portal: only published goals and measures, approved proposals, no personal
    data. A bounded number of queries whatever the amount of data."""
    return Portal(
        goals=goal_list(Municipality.objects.filter(pk=municipality.pk), public=True),
        consultations=open_consultations(municipality),
        activities=list(upcoming_activities(municipality)[:10]),
        arenas=arena_list(municipality),
        partnerships=partnerships_of(municipality),
        proposals=list(published_proposals(municipality)[:10]),
        indicators=list(
            municipality_results(municipality.number).filter(latest_value__isnull=False)[:8]
        ),
        examples=list(
            Example.objects.published()
            .filter(municipality=municipality)
            .order_by("-published_at")[:6]
        ),
    )


@dataclass(frozen=True)
class VolunteerEffort:
    """Voluntary effort through the platform in one municipality and year."""

    year: int
    activities: int
    volunteers: int  # confirmed places taken (one person on two activities counts twice)
    people: int  # distinct people (by email address; anonymised rows count one each)
    hours: Decimal  # sum over confirmed places of the activity's duration


def volunteer_effort(municipality: Municipality, year: int) -> VolunteerEffort:
    """Volunteers and hours on the municipality's activities held in `year` (started before now).

    Counts confirmed sign-ups only (the waiting list did not take part; cancelled sign-ups are
    deleted). The indicators app will read this to feed an indicator of voluntary effort
    (issue 7). Three queries.
    """
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=tz)
    activities = Activity.objects.filter(
        arena__municipality=municipality,
        starts_at__gte=start,
        starts_at__lt=min(end, timezone.now()),
    )
    sign_ups = SignUp.objects.filter(activity__in=activities, status=SignUp.Status.CONFIRMED)
    totals = sign_ups.aggregate(
        places=Count("pk"),
        hours=Sum("activity__duration_hours"),
        anonymous=Count("pk", filter=Q(anonymised=True)),
    )
    named = sign_ups.filter(anonymised=False).values("email").distinct().count()
    return VolunteerEffort(
        year=year,
        activities=activities.count(),
        volunteers=totals["places"],
        people=named + totals["anonymous"],
        hours=totals["hours"] or Decimal("0"),
    )


def citizen_sign_ups(citizen: Citizen) -> QuerySet[SignUp]:
    return SignUp.objects.filter(email=citizen.email, anonymised=False).select_related(
        "activity__arena__municipality"
    )


def citizen_proposals(citizen: Citizen) -> QuerySet[Proposal]:
    return Proposal.objects.filter(citizen=citizen).select_related(
        "municipality", "goal", "measure", "consultation"
    )


def citizen_data(citizen: Citizen) -> dict[str, Any]:
    """All personal data we hold about a citizen, for the JSON export (GDPR art. 15 and 20)."""

    def iso(value: datetime.datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "innbygger": {
            "e-postadresse": citizen.email,
            "visningsnavn": citizen.display_name,
            "registrert": iso(citizen.created_at),
            "sist_innlogget": iso(citizen.last_login_at),
        },
        "forslag": [
            {
                "kommune": p.municipality.name,
                "gjelder": p.target_label,
                "type": p.get_kind_display(),
                "tittel": p.title,
                "tekst": p.text,
                "status": p.get_status_display(),
                "begrunnelse_for_avvisning": p.rejection_reason,
                "kommunens_svar": p.answer,
                "sendt": iso(p.created_at),
            }
            for p in citizen_proposals(citizen)
        ],
        "påmeldinger": [
            {
                "aktivitet": s.activity.title,
                "kommune": s.activity.arena.municipality.name,
                "starter": iso(s.activity.starts_at),
                "navn": s.name,
                "e-postadresse": s.email,
                "telefon": s.phone,
                "status": s.get_status_display(),
                "påmeldt": iso(s.created_at),
            }
            for s in citizen_sign_ups(citizen)
        ],
    }
