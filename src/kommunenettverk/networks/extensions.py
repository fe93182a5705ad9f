"""What networks adds to pages it does not own (core.extensions)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.extensions import Page, register_link, register_section
from kommunenettverk.core.worklist import register_task_source
from kommunenettverk.networks import selectors, worklist
from kommunenettverk.notifications.kinds import register_notice_kind
from kommunenettverk.registry.models import Municipality


def register() -> None:
    register_task_source(worklist.network_size_tasks)
    register_task_source(worklist.adviser_gathering_tasks)
    register_task_source(worklist.register_tasks)
    register_task_source(worklist.participant_tasks)
    # Gathering pages are open to everyone signed in; those invited register.
    register_notice_kind(
        "gathering_new",
        _("Ny samling i nettverket ditt"),
        perm="networks.register_for_gathering",
        order=20,
    )
    register_notice_kind(
        "gathering_time_changed",
        _("Tiden for en samling er endret"),
        perm="networks.register_for_gathering",
        order=21,
    )
    register_notice_kind("follow_up_assigned", _("Du har fått en oppfølgingsoppgave"), order=22)
    register_link(
        Page.MUNICIPALITY, _("Program og nettverk"), "networks:municipality_networks", order=10
    )
    register_section(Page.MUNICIPALITY, "tok-med-hjem", took_home_section, order=20)


def took_home_section(request: HttpRequest, municipality: Municipality) -> str:
    """ "Det vi tok med hjem": the latest closed gatherings of the municipality's networks, with
    the summary, outcomes and the measures and examples linked that are its own."""
    if municipality.valid_to is not None:
        return ""
    rows = selectors.took_home_list(municipality, request.user)
    if not rows:
        return ""
    return render_to_string(
        "networks/_took_home.html",
        {"rows": rows, "municipality": municipality, "signed_in": request.user.is_authenticated},
        request=request,
    )
