"""What plans adds to pages it does not own (core.extensions): the municipality's goals and
plans, the network's strategy page and the measures linked to a development project."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.extensions import Page, register_link, register_section
from kommunenettverk.core.worklist import register_task_source
from kommunenettverk.networks.models import DevelopmentProject
from kommunenettverk.networks.outcomes import register_outcome_kind
from kommunenettverk.notifications.inbound import register_reply_handler
from kommunenettverk.notifications.kinds import register_notice_kind
from kommunenettverk.plans import outcomes, selectors, services, worklist
from kommunenettverk.programmes.models import Programme


def register() -> None:
    register_outcome_kind(outcomes.MEASURES)
    register_task_source(worklist.report_comment_tasks)
    register_task_source(worklist.coordinator_plan_tasks)
    register_notice_kind(
        "report_submitted",
        _("En årsrapport er sendt inn"),
        perm="plans.comment_report",
        order=30,
    )
    register_notice_kind(
        "report_reminder",
        _("Påminnelse om årsrapporten i en rapporteringsrunde"),
        perm="plans.edit_municipality_plans",
        order=29,
    )
    register_notice_kind(
        "report_commented",
        _("Årsrapporten er kommentert eller sendt tilbake"),
        perm="plans.edit_municipality_plans",
        order=31,
    )
    # A reply by email to a notice about a report (the adviser's "report submitted") becomes
    # a comment on it; who may not comment gets no reply address (docs/architecture.md,
    # "Replies by email").
    register_reply_handler(
        "plans.annualreport",
        lambda report, user, text: services.report_comment_reply(
            report=report, user=user, text=text
        ),
        perm="plans.comment_report",
        hint=_(
            "Svar på denne e-posten for å kommentere rapporten: svaret ditt blir en kommentar "
            "som kommunen ser."
        ),
    )
    register_task_source(worklist.coordinator_round_tasks)
    register_task_source(worklist.round_closing_tasks)
    register_section(Page.PROGRAMME, "rapporteringsrunder", programme_rounds_section, order=60)
    register_link(Page.MUNICIPALITY, _("Mål og tiltak"), "plans:strategy_overview", order=20)
    register_link(Page.MUNICIPALITY, _("Planer og plansyklus"), "plans:plan_list", order=30)
    register_link(Page.NETWORK, _("Mål og tiltak"), "plans:network_strategy", order=20)
    register_section(Page.PROJECT, "tiltak", project_measures_section, order=40)


def project_measures_section(request: HttpRequest, project: DevelopmentProject) -> str:
    """The measures linked to a development project: published ones for everyone,
    unpublished ones for those who see the municipality's."""
    measures = [
        measure
        for measure in selectors.measure_list_for_project(project)
        if (measure.published and measure.goal.published)
        or request.user.has_perm("plans.view_municipality_strategy", measure)
    ]
    return render_to_string("plans/_project_measures.html", {"measures": measures}, request=request)


def programme_rounds_section(request: HttpRequest, programme: Programme) -> str:
    """The programme's reporting rounds, for those who open or follow them."""
    if not request.user.has_perm("plans.follow_round"):
        return ""
    rounds = selectors.round_list().filter(programme=programme)
    return render_to_string(
        "plans/_programme_rounds.html",
        {"rounds": rounds, "can_open": request.user.has_perm("plans.open_round")},
        request=request,
    )
