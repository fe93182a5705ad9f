"""What indicators asks of whom (core.tasks): indicator values a municipal coordinator keeps
that are not up to date.

An indicator of the municipality's own registration (`Source.OWN`) that one of its goals
follows is expected at the catalogue's interval (`Indicator.update_interval_months`, counted in
whole years since values are yearly; once a year when the catalogue says nothing), the value
for a year during the year after it (`LAG_YEARS`). Indicators from SSB, FHI or
Miljødirektoratet are imported, not kept by the municipality, so they ask nothing of it.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kommunenettverk.accounts.models import Role, RoleAssignment, User
from kommunenettverk.accounts.rules import user_has_role
from kommunenettverk.core.worklist import Task
from kommunenettverk.indicators.models import AreaKind, GoalIndicator, Indicator, IndicatorValue
from kommunenettverk.registry.models import Municipality

UPDATE = gettext_lazy("Indikatorverdier å oppdatere")
EXPECTED_INTERVAL_YEARS = 1  # when the catalogue has no update_interval_months
LAG_YEARS = 1


def expected_interval_years(indicator: Indicator) -> int:
    """How many years may pass between two values: the catalogue's interval rounded up to
    whole years (values are yearly), else the default."""
    months = indicator.update_interval_months
    if not months:
        return EXPECTED_INTERVAL_YEARS
    return max(1, -(-months // 12))


def indicator_update_tasks(user: User) -> list[Task]:
    """Own-registration indicators followed by the coordinated municipalities' goals whose
    newest value is older than the indicator's expected interval allows. Two queries."""
    if not user_has_role(user, (Role.MUNICIPAL_COORDINATOR,)):
        return []
    coordinated = RoleAssignment.objects.filter(
        user=user,
        role=Role.MUNICIPAL_COORDINATOR,
        scope_type=ContentType.objects.get_for_model(Municipality),
    ).values("scope_id")
    followed = {
        (gi.goal.municipality.number, gi.indicator.code): (gi.goal.municipality, gi.indicator)
        for gi in GoalIndicator.objects.filter(
            goal__municipality_id__in=coordinated, indicator__source=Indicator.Source.OWN
        ).select_related("goal__municipality", "indicator")
    }
    if not followed:
        return []
    latest = {
        (row["area_code"], row["indicator__code"]): row["latest"]
        for row in IndicatorValue.objects.filter(
            area_kind=AreaKind.MUNICIPALITY,
            area_code__in={number for number, _code in followed},
            indicator__code__in={code for _number, code in followed},
            value__isnull=False,
        )
        .values("area_code", "indicator__code")
        .annotate(latest=Max("year"))
    }
    this_year = timezone.localdate().year
    tasks = []
    for key, (municipality, indicator) in followed.items():
        newest = latest.get(key)
        expected = this_year - LAG_YEARS - expected_interval_years(indicator) + 1
        if newest is not None and newest >= expected:
            continue
        tasks.append(
            Task(
                kind="indicator_update",
                group=UPDATE,
                title=f"{indicator.name} ({municipality.name_nb})",
                url=reverse(
                    "indicators:municipality_indicator", args=[municipality.number, indicator.code]
                ),
                detail=_("Siste verdi: %(year)s") % {"year": newest}
                if newest
                else _("Ingen verdi registrert"),
            )
        )
    return tasks
