"""What networks adds to pages it does not own (core.extensions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.extensions import Page, register_link
from kommunenettverk.core.worklist import register_task_source
from kommunenettverk.networks import worklist
from kommunenettverk.notifications.kinds import register_notice_kind


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
