"""What networks adds to pages it does not own (core.extensions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kommunenettverk.core.extensions import Page, register_link
from kommunenettverk.core.worklist import register_task_source
from kommunenettverk.networks import worklist


def register() -> None:
    register_task_source(worklist.network_size_tasks)
    register_task_source(worklist.adviser_gathering_tasks)
    register_task_source(worklist.register_tasks)
    register_task_source(worklist.participant_tasks)
    register_link(
        Page.MUNICIPALITY, _("Program og nettverk"), "networks:municipality_networks", order=10
    )
