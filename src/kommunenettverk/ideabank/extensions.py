"""What the idea bank adds to pages it does not own (core.extensions): examples from
neighbours on the municipality page, the published examples of a network or project and the
spread of the network's examples, "Tatt fra" (and what happened after) on a measure's page,
and "municipalities like yours did this" on a municipality's indicator page."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.extensions import Page, register_link, register_section
from kommunenettverk.core.schedule import register_schedule
from kommunenettverk.core.worklist import register_task_source
from kommunenettverk.ideabank import charts, outcomes, spread_selectors, worklist
from kommunenettverk.ideabank.forms import AdoptionAddForm
from kommunenettverk.ideabank.models import Example
from kommunenettverk.ideabank.selectors import network_examples
from kommunenettverk.ideabank.spread import MIN_YEARS
from kommunenettverk.ideabank.tasks import digests_send_task
from kommunenettverk.indicators.models import IndicatorResult
from kommunenettverk.networks.models import DevelopmentProject, Network
from kommunenettverk.networks.outcomes import register_outcome_kind
from kommunenettverk.networks.sections import ListItem, ListSection, list_section_render
from kommunenettverk.notifications.kinds import register_notice_kind
from kommunenettverk.plans.models import Measure
from kommunenettverk.registry.models import Municipality


def register() -> None:
    register_outcome_kind(outcomes.EXAMPLES)
    register_task_source(worklist.example_review_tasks)
    # The subscribers' digest of new examples, Monday morning (`manage.py send_digests`).
    register_schedule("ideabank.digests", digests_send_task, at=datetime.time(7, 0), weekday=0)
    register_notice_kind(
        "example_submitted",
        _("Et eksempel er sendt til vurdering i idébanken"),
        perm="ideabank.review_example",
        order=40,
    )
    register_notice_kind(
        "example_published",
        _("Eksempelet ditt er publisert i idébanken"),
        perm="ideabank.change_example",
        order=41,
    )
    register_notice_kind(
        "example_returned",
        _("Eksempelet ditt er sendt tilbake med kommentar"),
        perm="ideabank.change_example",
        order=42,
    )
    register_link(
        Page.MUNICIPALITY,
        _("Eksempler fra naboer og lignende kommuner"),
        "ideabank:municipality_examples",
        order=50,
    )
    register_section(Page.NETWORK, "eksempler", network_examples_section, order=50)
    register_section(Page.PROJECT, "eksempler", project_examples_section, order=50)
    register_link(Page.NETWORK, _("Spredning av eksemplene"), "ideabank:spread_network", order=55)
    register_section(Page.MEASURE, "tatt-fra", measure_origins_section, order=50)
    register_section(
        Page.MUNICIPALITY_INDICATOR, "lignende-kommuner", peer_practices_section, order=50
    )


def _examples_section(request: HttpRequest, examples: list[Example], empty: str | Promise) -> str:
    section = ListSection(
        key="eksempler",
        heading=_("Eksempler i idébanken"),
        items=[
            ListItem(title=e.title, url=e.get_absolute_url(), text=e.municipality.name)
            for e in examples
        ],
        empty=empty,
    )
    return list_section_render(request, section)


def network_examples_section(request: HttpRequest, network: Network) -> str:
    """The network's published examples."""
    return _examples_section(
        request,
        network_examples(network),
        _("Nettverket har ingen publiserte eksempler i idébanken ennå."),
    )


def project_examples_section(request: HttpRequest, project: DevelopmentProject) -> str:
    """The development project's published examples."""
    return _examples_section(
        request,
        network_examples(project.network, project),
        _("Prosjektet har ingen publiserte eksempler i idébanken ennå."),
    )


def measure_origins_section(request: HttpRequest, measure: Measure) -> str:
    """What the measure was taken from, what the goal's indicators did before and after, and
    for the municipality's coordinator a form to record a link. Nothing for others when the
    measure has no link."""
    can_record = request.user.has_perm("ideabank.record_adoption", measure)
    origins = [
        a
        for a in spread_selectors.measure_origins(measure)
        if can_record or a.origin.status == Example.Status.PUBLISHED
    ]
    if not origins and not can_record:
        return ""
    outcomes = spread_selectors.measure_outcomes(measure, origins)
    for n, outcome in enumerate(outcomes, start=1):
        if outcome.series:
            outcome.chart_id, outcome.spec_id = f"utfall-{n}", f"utfall-{n}-spec"
            outcome.spec = charts.outcome_chart(
                outcome.series,
                _("%(i)s i %(a)s og %(o)s over tid")
                % {
                    "i": outcome.indicator.name,
                    "a": outcome.rows[0].area,
                    "o": outcome.rows[1].area,
                },
            )
    return render_to_string(
        "ideabank/_measure_origins.html",
        {
            "measure": measure,
            "origins": origins,
            "outcomes": outcomes,
            "min_years": MIN_YEARS,
            "can_record": can_record,
            "form": AdoptionAddForm(
                initial={"year": measure.start.year if measure.start else None}
            ),
        },
        request=request,
    )


def peer_practices_section(request: HttpRequest, result: IndicatorResult) -> str:
    """On a municipality's indicator page, when it lags its peers: what improving peers did."""
    municipality = Municipality.objects.filter(number=result.area_code).first()
    if municipality is None:
        return ""
    practices = spread_selectors.peer_practices(municipality, result)
    if practices is None:
        return ""
    return render_to_string(
        "ideabank/_peer_practices.html",
        {"practices": practices, "indicator": result.indicator, "municipality": municipality},
        request=request,
    )
