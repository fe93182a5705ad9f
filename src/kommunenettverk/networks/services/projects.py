"""Writes to development projects and their milestones."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from kommunenettverk.core.cache import public_pages_changed
from kommunenettverk.core.slugs import unique_slug
from kommunenettverk.networks.models import (
    DevelopmentProject,
    Milestone,
    Network,
)
from kommunenettverk.networks.services.common import NetworkError, today
from kommunenettverk.programmes.models import Participation, Theme


@transaction.atomic
def project_save(
    *,
    project: DevelopmentProject | None = None,
    network: Network,
    title: str,
    scope: str,
    participations: Iterable[Participation],
    themes: Iterable[Theme],
    goals: str,
    status: str = DevelopmentProject.Status.PLANNED,
    results: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> DevelopmentProject:
    """Create or update a development project. The scope decides the municipalities: the
    whole network takes every current member; "some" needs two or more members; "one"
    exactly one. Every municipality must be a current member of the network."""
    transaction.on_commit(public_pages_changed)  # public pages show this (core/cache.py)
    members = {
        m.participation_id: m.participation
        for m in network.memberships.filter(left_on__isnull=True).select_related(
            "participation__municipality", "participation__county"
        )
    }
    chosen = list(participations)
    outside = [p.participant_name for p in chosen if p.pk not in members]
    if outside:
        raise NetworkError(
            _("%(name)s er ikke medlem av nettverket %(network)s.")
            % {"name": outside[0], "network": network.name}
        )
    Scope = DevelopmentProject.Scope
    if scope == Scope.NETWORK:
        chosen = list(members.values())
    elif scope == Scope.SOME and len(chosen) < 2:
        raise NetworkError(_("Et prosjekt for noen av kommunene må ha minst to kommuner."))
    elif scope == Scope.ONE and len(chosen) != 1:
        raise NetworkError(_("Et prosjekt for én kommune må ha nøyaktig én kommune."))
    themes = list(themes)
    allowed = set(network.programme.themes.values_list("pk", flat=True))
    wrong = [theme.name for theme in themes if theme.pk not in allowed]
    if wrong:
        raise NetworkError(_("Temaet «%(theme)s» hører ikke til programmet.") % {"theme": wrong[0]})
    if starts_on and ends_on and ends_on < starts_on:
        raise NetworkError(_("Sluttdatoen kan ikke være før startdatoen."))
    if project is None:
        project = DevelopmentProject(
            network=network, slug=unique_slug(title, network.projects.all(), reserved=("ny",))
        )
    project.title, project.scope, project.goals, project.status = title, scope, goals, status
    project.results, project.starts_on, project.ends_on = results, starts_on, ends_on
    project.full_clean(validate_constraints=False)
    project.save()
    project.participations.set(chosen)
    project.themes.set(themes)
    return project


@transaction.atomic
def milestone_add(*, project: DevelopmentProject, title: str, due_on: datetime.date) -> Milestone:
    transaction.on_commit(public_pages_changed)  # public pages show this (core/cache.py)
    milestone = Milestone(project=project, title=title, due_on=due_on)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_mark_done(*, milestone: Milestone, done_on: datetime.date | None = None) -> Milestone:
    transaction.on_commit(public_pages_changed)  # public pages show this (core/cache.py)
    milestone.done_on = done_on or today()
    milestone.save(update_fields=["done_on"])
    return milestone
