"""Measures as outcomes of a gathering (networks.outcomes): the adviser links the member
municipalities' measures that came out of it at close-out."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kommunenettverk.networks.models import Gathering
from kommunenettverk.networks.outcomes import OutcomeKind
from kommunenettverk.plans.models import Measure
from kommunenettverk.registry.models import Municipality


def _measures() -> QuerySet[Measure]:
    return Measure.objects.select_related("goal__municipality")


def measure_visible(user: Any, measure: Measure) -> bool:
    """Published measures (of published goals) for everyone; others for those who see the
    municipality's strategy."""
    if measure.published and measure.goal.published:
        return True
    return bool(user.has_perm("plans.view_municipality_strategy", measure))


def measure_candidates(user: Any, gathering: Gathering) -> list[Measure]:
    """The measures of the municipalities invited to the gathering that `user` may see."""
    invited = gathering.invitations.filter(participation__municipality__isnull=False).values(
        "participation__municipality"
    )
    measures = _measures().filter(goal__municipality__in=invited)
    return [
        m
        for m in measures.order_by("goal__municipality__name_nb", "title", "pk")
        if measure_visible(user, m)
    ]


def _municipality(measure: Any) -> Municipality:
    municipality: Municipality = measure.goal.municipality
    return municipality


def _describe(measure: Any) -> str:
    return f"{measure.title} ({measure.goal.municipality.name_nb})"


MEASURES = OutcomeKind(
    key="measure",
    label=_("Tiltak"),
    candidates=measure_candidates,
    visible=measure_visible,  # type: ignore[arg-type]  # called with this kind's objects only
    municipality_of=_municipality,
    describe=_describe,
    queryset=_measures,
    order=10,
)
