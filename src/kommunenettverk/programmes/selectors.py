"""Reads of programmes and participations for pages, dashboards and other apps."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from kommunenettverk.programmes.models import (
    OCCUPYING_STATUSES,
    Participation,
    ParticipationStatus,
    ParticipationStatusChange,
    Programme,
    ProgrammeGoal,
    Theme,
)
from kommunenettverk.registry.models import KsRegion, Municipality


def theme_list(*, active_only: bool = False) -> QuerySet[Theme]:
    themes = Theme.objects.all()
    return themes.filter(active=True) if active_only else themes


def programme_list() -> QuerySet[Programme]:
    """All programmes with their number of occupying and active participations, and how
    many participations were ever active (what an ended programme had: its participations
    are completed by then, so none occupies a place any more)."""
    ever_active = (
        ParticipationStatusChange.objects.filter(
            participation__programme=OuterRef("pk"), status=ParticipationStatus.ACTIVE
        )
        .order_by()
        .values("participation__programme")
        .annotate(n=Count("participation", distinct=True))
        .values("n")
    )
    return (
        Programme.objects.prefetch_related("agreement_parties")
        .annotate(
            ever_active=Coalesce(Subquery(ever_active), 0),
            occupied=Count(
                "participations", filter=Q(participations__status__in=OCCUPYING_STATUSES)
            ),
            active_count=Count(
                "participations", filter=Q(participations__status=ParticipationStatus.ACTIVE)
            ),
        )
        .order_by("starts_on", "name")
    )


def programme_get(slug: str) -> Programme:
    """One programme with parties, themes and goals (sub-goals included); raises DoesNotExist."""
    return (
        programme_list()
        .prefetch_related(
            "themes",
            Prefetch(
                "goals",
                queryset=ProgrammeGoal.objects.filter(parent__isnull=True).prefetch_related(
                    "subgoals"
                ),
                to_attr="main_goals",
            ),
        )
        .get(slug=slug)
    )


def participation_list(
    *,
    programme: Programme | None = None,
    status: str = "",
    region: KsRegion | None = None,
    theme: Theme | None = None,
) -> QuerySet[Participation]:
    """Participations with programme, participant and region, optionally filtered by
    programme, status, the participant's KS region and a chosen theme."""
    participations = Participation.objects.select_related(
        "programme", "municipality__county__ks_region", "county__ks_region"
    ).prefetch_related("themes")
    if programme is not None:
        participations = participations.filter(programme=programme)
    if status:
        participations = participations.filter(status=status)
    if region is not None:
        participations = participations.filter(
            Q(municipality__county__ks_region=region) | Q(county__ks_region=region)
        )
    if theme is not None:
        participations = participations.filter(themes=theme)
    return participations


def participation_get(programme_slug: str, key: str) -> Participation:
    """A participation by programme slug and participant number (municipality: 4 digits,
    county municipality: 2); raises Participation.DoesNotExist."""
    participant = {"municipality__number": key} if len(key) == 4 else {"county__number": key}
    return (
        participation_list()
        .select_related("approved_by")
        .get(programme__slug=programme_slug, **participant)
    )


def participation_list_for_municipality(municipality: Municipality) -> QuerySet[Participation]:
    return participation_list().filter(municipality=municipality)


def participation_status_changes(
    participation: Participation,
) -> QuerySet[ParticipationStatusChange]:
    return participation.status_changes.select_related("changed_by").order_by("changed_on", "pk")


def participation_statuses_on(programme: Programme, on: datetime.date) -> dict[int, str]:
    """Each participation's status on date `on` (participations not yet applied are left
    out), read from the status history in one query."""
    statuses: dict[int, str] = {}
    changes = ParticipationStatusChange.objects.filter(
        participation__programme=programme, changed_on__lte=on
    ).order_by("changed_on", "pk")
    for participation_id, status in changes.values_list("participation_id", "status"):
        statuses[participation_id] = status
    return statuses


def participation_counts_on(programme: Programme, on: datetime.date) -> dict[str, int]:
    """How many participations had each status on date `on` (every status is a key)."""
    counts = Counter(participation_statuses_on(programme, on).values())
    return {status: counts.get(status, 0) for status in ParticipationStatus.values}
