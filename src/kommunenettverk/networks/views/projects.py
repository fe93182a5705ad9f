"""Development projects and their milestones."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kommunenettverk.accounts.http import AuthedRequest
from kommunenettverk.core.extensions import Page, page_sections
from kommunenettverk.core.shortcuts import get_or_404, reported
from kommunenettverk.networks import services
from kommunenettverk.networks.forms import MilestoneForm, ProjectForm
from kommunenettverk.networks.models import DevelopmentProject, Network
from kommunenettverk.networks.views.common import form_errors, network_for, project_for


def _project_save(
    form: ProjectForm, network: Network, project: DevelopmentProject | None
) -> DevelopmentProject:
    data = form.cleaned_data
    return services.project_save(project=project, network=network, **data)


@require_http_methods(["GET", "HEAD", "POST"])
def project_create(request: AuthedRequest, network_slug: str) -> HttpResponse:
    network = network_for(request, network_slug, write=True)
    form = ProjectForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            project = _project_save(form, network, None)
        if outcome.ok:
            messages.success(request, _("Prosjektet er opprettet."))
            return redirect(project)
    return render(
        request, "networks/project_form.html", {"form": form, "network": network, "project": None}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def project_edit(request: AuthedRequest, network_slug: str, project_slug: str) -> HttpResponse:
    project = project_for(request, network_slug, project_slug, write=True)
    initial = {
        "title": project.title,
        "scope": project.scope,
        "participations": list(project.participations.all()),
        "themes": list(project.themes.all()),
        "goals": project.goals,
        "status": project.status,
        "results": project.results,
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
    }
    form = ProjectForm(request.POST or None, network=project.network, initial=initial)
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            _project_save(form, project.network, project)
        if outcome.ok:
            messages.success(request, _("Prosjektet er oppdatert."))
            return redirect(project)
    return render(
        request,
        "networks/project_form.html",
        {"form": form, "network": project.network, "project": project},
    )


@require_safe
def project_detail(request: AuthedRequest, network_slug: str, project_slug: str) -> HttpResponse:
    project = project_for(request, network_slug, project_slug)
    can_edit = request.user.has_perm("networks.change_project", project)
    return render(
        request,
        "networks/project_detail.html",
        {
            "project": project,
            "can_edit": can_edit,
            "milestone_form": MilestoneForm() if can_edit else None,
            "today": timezone.localdate(),
            "sections": page_sections(Page.PROJECT, request, project),
        },
    )


@require_POST
def milestone_add(request: AuthedRequest, network_slug: str, project_slug: str) -> HttpResponse:
    project = project_for(request, network_slug, project_slug, write=True)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        services.milestone_add(project=project, **form.cleaned_data)
        messages.success(request, _("Milepælen er lagt til."))
    else:
        messages.error(request, form_errors(form))
    return redirect(project)


@require_POST
def milestone_done(
    request: AuthedRequest, network_slug: str, project_slug: str, milestone: int
) -> HttpResponse:
    project = project_for(request, network_slug, project_slug, write=True)
    item = get_or_404(
        lambda pk: project.milestones.get(pk=pk), milestone, _("Milepælen finnes ikke.")
    )
    services.milestone_mark_done(milestone=item)
    messages.success(request, _("Milepælen «%(title)s» er nådd.") % {"title": item.title})
    return redirect(project)
