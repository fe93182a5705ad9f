"""What programmes asks of whom (core.tasks): applications to decide."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kommunenettverk.accounts.models import Role, User
from kommunenettverk.accounts.rules import user_has_role
from kommunenettverk.core.worklist import Task
from kommunenettverk.programmes.models import Participation, ParticipationStatus

DECIDE = gettext_lazy("Søknader å behandle")
PENDING = gettext_lazy("Søknader der vedtaket kommer")


def participation_tasks(user: User) -> list[Task]:
    """Applications (participations with status applied) the user may approve or refuse: all
    for the national coordinator, their regions' for a regional adviser. One query."""
    if not user_has_role(user, (Role.NATIONAL_COORDINATOR, Role.REGIONAL_ADVISER)):
        return []
    applied = Participation.objects.filter(status=ParticipationStatus.APPLIED).select_related(
        "programme", "municipality__county__ks_region", "county__ks_region"
    )
    # An application without its political decision ("vedtak kommer") cannot be approved yet:
    # listed apart, to follow up or refuse.
    return [
        Task(
            kind="participation_decide" if p.has_full_decision else "participation_pending",
            group=DECIDE if p.has_full_decision else PENDING,
            title=f"{p.participant_name} – {p.programme.name}",
            url=p.get_absolute_url(),
            detail=_("Søkte %(date)s") % {"date": date_format(p.applied_on)}
            if p.has_full_decision
            else _("Søkte %(date)s, vedtak kommer") % {"date": date_format(p.applied_on)},
        )
        for p in applied
        if user.has_perm("programmes.approve_participation", p)
    ]
